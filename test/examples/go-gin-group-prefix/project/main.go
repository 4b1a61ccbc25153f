// An API whose routes all live under /api/v1 (nested gin groups): / and /health answer 404.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	api := r.Group("/api")
	v1 := api.Group("/v1")
	{
		v1.GET("/users", func(c *gin.Context) { c.JSON(http.StatusOK, []string{"ada", "grace"}) })
		v1.GET("/health", func(c *gin.Context) { c.String(http.StatusOK, "group prefix ok") })
	}
	if err := r.Run(); err != nil {
		panic(err)
	}
}
