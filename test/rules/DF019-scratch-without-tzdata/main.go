package main

import (
	"log"
	"net/http"
	"time"
)

// dailyCutoff is 17:00 today in the warehouse's IANA time zone.
func dailyCutoff(zone string) (time.Time, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.Time{}, err
	}
	now := time.Now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 17, 0, 0, 0, loc), nil
}

func main() {
	cutoff, err := dailyCutoff("Europe/Berlin")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/cutoff", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(cutoff.String())) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
