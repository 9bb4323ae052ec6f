package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"html/template"
)

func main() {
	port := flag.String("port", envOr("PORT", "8080"), "port to listen on")
	greeting := flag.String("greeting", "hello", "greeting to answer with")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s from site\n", *greeting)
	})
	page := template.Must(template.ParseFiles("templates/index.html"))
	http.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { page.Execute(w, *greeting) })
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	log.Printf("listening on :%s", *port)
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
