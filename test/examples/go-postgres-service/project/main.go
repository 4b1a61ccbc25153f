// A ledger API on PostgreSQL (github.com/lib/pq): it refuses to start without its database.
package main

import (
	"database/sql"
	"fmt"
	"log"
	"net/http"
	"os"

	_ "github.com/lib/pq"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		log.Fatalf("database: %v", err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var total int
		if err := db.QueryRow("SELECT COALESCE(SUM(amount), 0) FROM entries").Scan(&total); err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "ledger total %d\n", total)
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
