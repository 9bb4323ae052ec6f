//go:build tools

package main

import _ "github.com/google/go-containerregistry/cmd/crane"
