// A greeter that refuses to start without its flags: the Procfile gives them.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "", "listen address, e.g. :8080 (required)")
	greeting := flag.String("greeting", "", "what / answers (required)")
	flag.Parse()
	if *addr == "" || *greeting == "" {
		fmt.Fprintln(os.Stderr, "usage: server -addr :PORT -greeting TEXT")
		os.Exit(2)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, *greeting) })
	log.Fatal(http.ListenAndServe(*addr, nil))
}
