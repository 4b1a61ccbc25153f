// A server that needs its message as an argument and reads its port from PORT: run with --command.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	message := flag.String("message", "", "what / answers (required)")
	flag.Parse()
	if *message == "" {
		fmt.Fprintln(os.Stderr, "usage: server -message TEXT")
		os.Exit(2)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, *message) })
	log.Fatal(http.ListenAndServe(":"+os.Getenv("PORT"), nil))
}
