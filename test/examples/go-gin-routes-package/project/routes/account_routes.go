package routes

import "github.com/gin-gonic/gin"

// AccountRoutes registers under the group it is handed and returns a nested one.
func AccountRoutes(g *gin.RouterGroup) *gin.RouterGroup {
	g.GET("/login", func(c *gin.Context) { c.String(200, "routes package ok: login") })
	return g.Group("/accounts")
}
