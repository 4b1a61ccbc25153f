package routes

import "github.com/gin-gonic/gin"

// Pave builds the router: every route sits under /api/v1.
func Pave() *gin.Engine {
	r := gin.Default()
	v1 := r.Group("/api/v1")
	{
		v1.GET("/", func(c *gin.Context) { c.String(200, "routes package ok") })
		accounts := AccountRoutes(v1)
		accounts.GET("/me", func(c *gin.Context) { c.String(200, "routes package ok: me") })
	}
	return r
}
