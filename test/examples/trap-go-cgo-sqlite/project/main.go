// A small notes API on SQLite through github.com/mattn/go-sqlite3, a driver that needs cgo.
package main

import (
	"database/sql"
	"fmt"
	"log"
	"net/http"
	"os"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, err := sql.Open("sqlite3", "file::memory:?cache=shared")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		if err := db.QueryRow("SELECT 1").Scan(&n); err != nil {
			log.Printf("query failed: %v", err)
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "notes ok %d\n", n)
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
