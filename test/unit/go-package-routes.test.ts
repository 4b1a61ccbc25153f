/**
 * Go routes registered in the module's own packages: followed from the entry package's imports (go.mod's
 * module path + "/sub/pkg" is the folder sub/pkg), with the prefixes of the routers handed across.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { MAX_PACKAGE_FILES, MAX_PACKAGES, goModulePath, moduleImports } from '../../src/verify/routes/go-packages.js';
import { MAX_FILES, prefixedRoutes } from '../../src/verify/routes/index.js';

/** The Go routes of an in-memory tree (entry main.go); the files read and folders listed are recorded. */
async function routesOf(files: Record<string, string>, entry = 'main.go') {
  const read: string[] = [];
  const listed: string[] = [];
  const routes = await prefixedRoutes(
    'go',
    [entry],
    async (path) => {
      read.push(path);
      return files[path];
    },
    async (folder) => {
      listed.push(folder);
      const prefix = folder ? `${folder}/` : '';
      const names = Object.keys(files)
        .filter((path) => path.startsWith(prefix))
        .map((path) => path.slice(prefix.length))
        .map((rest) => (rest.includes('/') ? `${rest.slice(0, rest.indexOf('/'))}/` : rest));
      return [...new Set(names)].sort();
    },
  );
  return { routes: routes.sort(), read, listed };
}

const GO_MOD = 'module example.com/app\n\ngo 1.22\n';

describe('Go routes in the module’s packages', () => {
  it('reads the module path from go.mod and the module’s imports (aliases kept, others left out)', () => {
    assert.equal(goModulePath(GO_MOD), 'example.com/app');
    assert.equal(goModulePath('// x\nmodule "gin-dodolan" // comment\n'), 'gin-dodolan');
    assert.equal(goModulePath('go 1.22\n'), undefined);
    const text = [
      'import "example.com/app/single"',
      'import (',
      '\t"fmt"',
      '\tapiv1 "example.com/app/api/v1"',
      '\t_ "example.com/app/blank"',
      '\t"example.com/application/other"',
      '\t"github.com/gin-gonic/gin"',
      ')',
    ].join('\n');
    assert.deepEqual(
      [...moduleImports(text, 'example.com/app')].map(([folder, names]) => [folder, [...names]]),
      [
        ['api/v1', ['apiv1']],
        ['single', [undefined]],
      ],
    );
  });

  it('routes of a sub-package whose func makes the router, a func in another file of it handed a group and returning one', async () => {
    const { routes } = await routesOf({
      'go.mod': GO_MOD,
      'main.go':
        'package main\n\nimport (\n\t"os"\n\t"example.com/app/routes"\n)\n\nfunc main() {\n\tsrv := routes.Pave()\n\tsrv.Run(os.Getenv("PORT"))\n}\n',
      'routes/routes.go':
        'package routes\n\nfunc Pave() *gin.Engine {\n\tr := gin.Default()\n\tv1 := r.Group("/api/v1")\n\t{\n\t\tv1.GET("/", greet)\n\t\tauth := AuthRoutes(v1)\n\t\tauth.GET("/", verify)\n\t}\n\treturn r\n}\n',
      'routes/auth_routes.go': [
        'package routes\n',
        'func AuthRoutes(r *gin.RouterGroup) *gin.RouterGroup {',
        '\tskip := func(_ *gin.Context) bool {\n\t\treturn false\n\t}',
        '\tr.GET("/login", login)\n\tr.POST("/register", register)',
        '\tauth := r.Group("auth")\n\tauth.Use(verifyToken(skip))\n\treturn auth\n}',
      ].join('\n'),
      'routes/routes_test.go': 'package routes\n\nfunc TestX(t *testing.T) {\n\tr.GET("/from-test", x)\n}\n',
    });
    assert.deepEqual(routes, ['/api/v1/', '/api/v1/auth/', '/api/v1/login']);
  });

  it('a group handed across packages (an alias, three deep, and a Group(…) written in the call)', async () => {
    const { routes } = await routesOf({
      'go.mod': 'module gin-dodolan\n',
      'main.go':
        'package main\n\nimport "gin-dodolan/api"\n\nfunc main() {\n\trouter := gin.Default()\n\tapi.ApplyRoutes(router)\n\trouter.Run()\n}\n',
      'api/api.go':
        'package api\n\nimport (\n\tapiv1 "gin-dodolan/api/v1"\n\t"gin-dodolan/api/admin"\n)\n\nfunc ApplyRoutes(r *gin.Engine) {\n\tapi := r.Group("/api")\n\t{\n\t\tapiv1.ApplyRoutes(api)\n\t\tadmin.Register(r.Group("/admin"))\n\t}\n}\n',
      'api/v1/v1.go':
        'package apiv1\n\nimport "gin-dodolan/api/v1/auth"\n\nfunc ApplyRoutes(r *gin.RouterGroup) {\n\tv1 := r.Group("/v1")\n\tv1.GET("/ping", ping)\n\tauth.ApplyRoutes(v1)\n}\n',
      'api/v1/auth/auth.go':
        'package auth\n\nfunc ApplyRoutes(r *gin.RouterGroup) {\n\tauth := r.Group("/auth")\n\tauth.GET("/check", check)\n}\n',
      'api/admin/admin.go': 'package admin\n\nfunc Register(g *gin.RouterGroup) {\n\tg.GET("/stats", stats)\n}\n',
    });
    assert.deepEqual(routes, ['/admin/stats', '/api/v1/auth/check', '/api/v1/ping']);
  });

  it('chi: a package’s router mounted (pkg.Routes()) and a package func given to Route (pkg.Routes)', async () => {
    const { routes } = await routesOf(
      {
        'go.mod': GO_MOD,
        'cmd/server/main.go':
          'package main\n\nimport (\n\t"example.com/app/users"\n\t"example.com/app/items"\n)\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Get("/health", h)\n\tr.Mount("/users", users.Routes())\n\tr.Route("/items", items.Routes)\n}\n',
        'users/routes.go':
          'package users\n\nfunc Routes() chi.Router {\n\tr := chi.NewRouter()\n\tr.Get("/", list)\n\treturn r\n}\n',
        'items/routes.go': 'package items\n\nfunc Routes(r chi.Router) {\n\tr.Get("/latest", latest)\n}\n',
      },
      'cmd/server/main.go',
    );
    assert.deepEqual(routes, ['/health', '/items/latest', '/users/']);
  });

  it('the entry package’s other files are read (main calls a func of router.go), not another package’s', async () => {
    const { routes } = await routesOf({
      'go.mod': GO_MOD,
      'main.go': 'package main\n\nfunc main() {\n\tr := gin.Default()\n\tsetup(r.Group("/api"))\n\tr.Run()\n}\n',
      'router.go': 'package main\n\nfunc setup(g *gin.RouterGroup) {\n\tg.GET("/items", items)\n}\n',
      'tool.go': '//go:build ignore\n\npackage main\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/tool", t)\n}\n',
    });
    assert.deepEqual(routes, ['/api/items']);
  });

  it('must not follow: an import outside the module (even one whose folder exists), or any without go.mod', async () => {
    const lib = 'package lib\n\nfunc Register(g *gin.RouterGroup) {\n\tg.GET("/lib", l)\n}\n';
    const main =
      'package main\n\nimport "github.com/other/lib"\n\nfunc main() {\n\tr := gin.Default()\n\tlib.Register(r.Group("/x"))\n\tr.GET("/health", h)\n}\n';
    const outside = await routesOf({ 'go.mod': GO_MOD, 'main.go': main, 'lib/lib.go': lib });
    assert.deepEqual(outside.routes, ['/health']);
    assert.ok(!outside.read.some((path) => path.startsWith('lib/')), outside.read.join(' '));
    const noGoMod = await routesOf({
      'main.go': main.replace('github.com/other/lib', 'example.com/app/lib'),
      'lib/lib.go': lib,
    });
    assert.deepEqual(noGoMod.routes, ['/health']);
    assert.ok(!noGoMod.read.some((path) => path.startsWith('lib/')), noGoMod.read.join(' '));
  });

  it('must not join: a func the importer never hands a router stays at the root; a method takes no package call', async () => {
    const { routes } = await routesOf({
      'go.mod': GO_MOD,
      'main.go':
        'package main\n\nimport "example.com/app/web"\n\nfunc main() {\n\tr := gin.Default()\n\tweb.Register(r.Group("/api"))\n}\n',
      'web/web.go': [
        'package web',
        'func Register(g *gin.RouterGroup) {\n\tg.GET("/a", a)\n}',
        'func Other(g *gin.RouterGroup) {\n\tg.GET("/b", b)\n}',
        'func (s *Server) Register(g *gin.RouterGroup) {\n\tg.GET("/c", c)\n}',
      ].join('\n'),
    });
    assert.deepEqual(routes, ['/api/a', '/b', '/c']);
  });

  it('bounds: a few packages, a few files each, MAX_FILES reads in all', async () => {
    const files: Record<string, string> = { 'go.mod': GO_MOD };
    const imports = Array.from({ length: 12 }, (_, i) => `\t"example.com/app/p${i}"`).join('\n');
    const calls = Array.from({ length: 12 }, (_, i) => `\tp${i}.Register(r)`).join('\n');
    files['main.go'] = `package main\n\nimport (\n${imports}\n)\n\nfunc main() {\n\tr := gin.Default()\n${calls}\n}\n`;
    for (let i = 0; i < 12; i++)
      for (let f = 0; f < 12; f++)
        files[`p${i}/f${String(f).padStart(2, '0')}.go`] =
          `package p${i}\n\nfunc Register(g *gin.RouterGroup) {\n\tg.GET("/p${i}/f${f}", h)\n}\n`;
    const { read, listed } = await routesOf(files);
    const sources = read.filter((path) => path.endsWith('.go'));
    assert.ok(sources.length <= MAX_FILES, sources.join(' '));
    assert.ok(listed.length <= MAX_PACKAGES, listed.join(' '));
    for (let i = 0; i < 12; i++)
      assert.ok(sources.filter((path) => path.startsWith(`p${i}/`)).length <= MAX_PACKAGE_FILES, `p${i}`);
  });
});
