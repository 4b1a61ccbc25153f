// A product catalog API on gin. Run as is, gin starts in debug mode.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type product struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price_cents"`
}

var products = []product{{1, "kettle", 2999}, {2, "teapot", 1899}}

func main() {
	r := gin.Default()
	r.GET("/", func(c *gin.Context) {
		c.String(http.StatusOK, "catalog: %d products, gin mode %s", len(products), gin.Mode())
	})
	r.GET("/products", func(c *gin.Context) { c.JSON(http.StatusOK, products) })
	r.GET("/ping", func(c *gin.Context) { c.String(http.StatusOK, "pong") })
	// gin reads PORT itself when Run gets no address (default 8080).
	if err := r.Run(); err != nil {
		panic(err)
	}
}
