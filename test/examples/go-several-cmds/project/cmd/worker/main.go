// The background worker: drains the job queue, serves nothing.
package main

import (
	"log"
	"time"

	"example.com/orders/internal/jobs"
)

func main() {
	for {
		log.Printf("worker: %d jobs pending", jobs.Pending())
		time.Sleep(10 * time.Second)
	}
}
