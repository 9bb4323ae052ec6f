package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
		log.Println("time in Paris", time.Now().In(loc))
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
