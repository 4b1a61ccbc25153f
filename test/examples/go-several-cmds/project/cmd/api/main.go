// The HTTP API of the orders service.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/orders/internal/jobs"
)

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "orders api: %d jobs pending\n", jobs.Pending())
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8081"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
