// An API whose routes are all registered in its own routes package (letsgo's shape): / answers 404.
package main

import "example.com/routesapi/routes"

func main() {
	srv := routes.Pave()
	if err := srv.Run(); err != nil {
		panic(err)
	}
}
