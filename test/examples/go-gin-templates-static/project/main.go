// A small tea shop site on gin: HTML templates and static files read from the working directory.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

var teas = []string{"sencha", "assam", "oolong"}

func main() {
	r := gin.Default()
	// Both read the folders next to the binary at start: without them LoadHTMLGlob panics.
	r.LoadHTMLGlob("templates/*.tmpl.html")
	r.Static("/static", "./static")
	r.GET("/", func(c *gin.Context) {
		c.HTML(http.StatusOK, "index.tmpl.html", gin.H{"title": "Tea shop", "teas": teas})
	})
	if err := r.Run(); err != nil {
		panic(err)
	}
}
