// A small HTTP service for the debugger scenario: the breakpoint goes on line 12.
package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		greeting := "hello " + r.URL.Query().Get("name")
		fmt.Fprintln(w, greeting)
	})
	http.ListenAndServe(":8080", nil)
}
