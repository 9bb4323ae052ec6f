// Command notifier posts build events to a chat webhook over HTTPS.
package main

import (
	"bytes"
	"log"
	"net/http"
	"os"
)

func main() {
	resp, err := http.Post(os.Getenv("WEBHOOK_URL"), "application/json", bytes.NewBufferString(`{"text":"deployed"}`))
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
}
