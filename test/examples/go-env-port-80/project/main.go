// A status service whose port comes from X_PORT, defaulting to 80 as on the VM it used to run on.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// getEnv returns the variable's value, or fallback when it is unset or empty.
func getEnv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok && value != "" {
		return value
	}
	return fallback
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "pinger up")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "pinger listening on %s\n", getEnv("X_PORT", "80"))
	})
	addr := ":" + getEnv("X_PORT", "80")
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
