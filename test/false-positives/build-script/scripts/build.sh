#!/bin/sh
set -eu
export CGO_ENABLED=0
go build -trimpath -ldflags "-s -w" -o bin/svc .
