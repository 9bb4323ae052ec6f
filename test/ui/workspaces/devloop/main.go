// A small HTTP service for the dev loop scenario.
package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "first")
	})
	http.ListenAndServe(":8080", nil)
}
