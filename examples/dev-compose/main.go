// Command dev-compose is a small notes service, run with its sources mounted by compose.yaml.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"sync"
	"time"
)

type note struct {
	ID      int       `json:"id"`
	Text    string    `json:"text"`
	Created time.Time `json:"created"`
}

type store struct {
	mu    sync.Mutex
	notes []note
}

func (s *store) list(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.notes)
}

func (s *store) add(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || in.Text == "" {
		http.Error(w, `want {"text": "…"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	n := note{ID: len(s.notes) + 1, Text: in.Text, Created: time.Now().UTC()}
	s.notes = append(s.notes, n)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, n)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("write response: %v", err)
	}
}

func main() {
	s := &store{notes: []note{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /notes", s.list)
	mux.HandleFunc("POST /notes", s.add)

	addr := ":" + envOr("PORT", "8080")
	log.Printf("notes service listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
