// A guest book on gin and SQLite (github.com/mattn/go-sqlite3, a cgo driver): every visit to / is
// written to ./data/guestbook.db and the page shows how many there were.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	_ "github.com/mattn/go-sqlite3"
)

func main() {
	if err := os.MkdirAll("data", 0o700); err != nil {
		log.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "./data/guestbook.db?_journal_mode=WAL")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		log.Fatalf("create table: %v", err)
	}

	r := gin.New()
	r.Use(gin.Recovery())
	// Healthy means the database file can be written, not just opened.
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT)`); err != nil {
		log.Fatalf("create table: %v", err)
	}
	r.GET("/health", func(c *gin.Context) {
		if _, err := db.Exec(`INSERT OR REPLACE INTO heartbeat (id, at) VALUES (1, CURRENT_TIMESTAMP)`); err != nil {
			c.String(http.StatusServiceUnavailable, "database not writable: %v", err)
			return
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM visits`).Scan(&n); err != nil {
			c.String(http.StatusServiceUnavailable, "database not readable: %v", err)
			return
		}
		c.String(http.StatusOK, "ok: database writable, %d visits (gin mode %s)", n, gin.Mode())
	})
	r.GET("/", func(c *gin.Context) {
		if _, err := db.Exec(`INSERT INTO visits DEFAULT VALUES`); err != nil {
			c.String(http.StatusInternalServerError, "write failed: %v", err)
			return
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM visits`).Scan(&n); err != nil {
			c.String(http.StatusInternalServerError, "read failed: %v", err)
			return
		}
		c.String(http.StatusOK, "guestbook visits: %d (gin mode %s)", n, gin.Mode())
	})

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(r.Run(":" + port))
}
