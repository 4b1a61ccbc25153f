/**
 * Routes read for the probe with their group/mount prefixes joined (Go, Node, Python), across files
 * where a relative module is mounted, and the shapes that must not join.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { goRoutes } from '../../src/verify/routes/go.js';
import { MAX_FILES, prefixedRoutes, type PrefixLanguage } from '../../src/verify/routes/index.js';
import { joinPath } from '../../src/verify/routes/text.js';

/** The routes of an in-memory project, entry file first; the files read are recorded. */
async function routesOf(language: PrefixLanguage, files: Record<string, string>, entry = Object.keys(files)[0]) {
  const read: string[] = [];
  const routes = await prefixedRoutes(language, [entry], async (path) => {
    read.push(path);
    return files[path];
  });
  return { routes: routes.sort(), read };
}

const sorted = (routes: string[]) => [...routes].sort();

describe('route prefixes', () => {
  describe('joining', () => {
    it('joins with one slash, keeps a trailing one, and an empty path is the prefix itself', () => {
      assert.equal(joinPath('/api/', '/users'), '/api/users');
      assert.equal(joinPath('/api', '/'), '/api/');
      assert.equal(joinPath('/api', ''), '/api');
      assert.equal(joinPath('', '/x'), '/x');
      assert.equal(joinPath('api', 'x'), '/api/x');
    });
  });

  describe('Go', () => {
    it('gin: nested groups tracked by variable; a route on the engine stays at the root', () => {
      const text = [
        'func main() {',
        '\tr := gin.Default()',
        '\tr.GET("/healthz", health)',
        '\tapi := r.Group("/api")',
        '\tv1 := api.Group("/v1")',
        '\t{',
        '\t\tv1.GET("/users", listUsers)',
        '\t\tv1.GET("/users/:id", getUser)',
        '\t\tv1.GET("", index)',
        '\t}',
        '\tr.Run(":8080")',
        '}',
      ].join('\n');
      assert.deepEqual(sorted(goRoutes(text)), ['/api/v1', '/api/v1/users', '/healthz']);
    });
    it('gin: a group handed to a function in the file lends that function its prefix', () => {
      const text = [
        'func main() {',
        '\tr := gin.Default()',
        '\tapi := r.Group("/api")',
        '\tregisterAdmin(api)',
        '}',
        'func registerAdmin(g *gin.RouterGroup) {',
        '\tadmin := g.Group("/admin")',
        '\tadmin.GET("/stats", stats)',
        '}',
      ].join('\n');
      assert.deepEqual(goRoutes(text), ['/api/admin/stats']);
    });
    it('echo and fiber groups (with middleware arguments)', () => {
      const echo = 'e := echo.New()\ng := e.Group("/admin", middleware.BasicAuth(check))\ng.GET("/stats", s)';
      assert.deepEqual(goRoutes(`func main() {\n${echo}\n}`), ['/admin/stats']);
      const fiber =
        'app := fiber.New()\napi := app.Group("/api", logger.New())\nv1 := api.Group("/v1")\nv1.Get("/list", l)';
      assert.deepEqual(goRoutes(`func main() {\n${fiber}\n}`), ['/api/v1/list']);
    });
    it('chi: Route closures (their parameter shadows the outer name), Mount of a function and of a variable', () => {
      const text = [
        'func main() {',
        '\tr := chi.NewRouter()',
        '\tr.Get("/", home)',
        '\tr.Route("/articles", func(r chi.Router) {',
        '\t\tr.Get("/", list)',
        '\t\tr.Get("/{id}", get)',
        '\t\tr.Route("/feed", func(x chi.Router) { x.Get("/latest", latest) })',
        '\t})',
        '\tr.Get("/about", about)',
        '\tr.Mount("/admin", adminRouter())',
        '\tsub := chi.NewRouter()',
        '\tsub.Get("/ping", ping)',
        '\tr.Mount("/sub", sub)',
        '}',
        'func adminRouter() http.Handler {',
        '\tr := chi.NewRouter()',
        '\tr.Get("/dash", dash)',
        '\treturn r',
        '}',
      ].join('\n');
      assert.deepEqual(sorted(goRoutes(text)), [
        '/',
        '/about',
        '/admin/dash',
        '/articles/',
        '/articles/feed/latest',
        '/sub/ping',
      ]);
    });
    it('must not join: a group variable of one function does not reach a same-named router in another', () => {
      const text = [
        'func main() {',
        '\tr := gin.Default()',
        '\tapi := r.Group("/api")',
        '\tapi.GET("/a", a)',
        '}',
        'func other() {',
        '\tapi := gin.New()',
        '\tapi.GET("/b", b)',
        '}',
      ].join('\n');
      assert.deepEqual(sorted(goRoutes(text)), ['/api/a', '/b']);
    });
    it('must not join: routes before a name is re-assigned to a group keep the earlier meaning', () => {
      const text =
        'func main() {\n\tg := gin.Default()\n\tg.GET("/health", h)\n\tg = g.Group("/api")\n\tg.GET("/x", x)\n}';
      assert.deepEqual(sorted(goRoutes(text)), ['/api/x', '/health']);
    });
    it('gorilla: PathPrefix(…).Subrouter(); net/http routes stand as they are', () => {
      const text =
        'func main() {\n\tr := mux.NewRouter()\n\ts := r.PathPrefix("/api").Subrouter()\n\ts.HandleFunc("/items", items)\n\thttp.HandleFunc("/health", h)\n}';
      assert.deepEqual(sorted(goRoutes(text)), ['/api/items', '/health']);
    });
  });

  describe('Node', () => {
    it('Express: a router in the file mounted with app.use; app routes stay at the root', async () => {
      const server = [
        "const express = require('express');",
        'const app = express();',
        'const router = express.Router();',
        "router.get('/users', list);",
        "router.get('/users/:id', one);",
        "app.get('/health', health);",
        "app.use('/api', auth(), router);",
        'app.listen(3000);',
      ].join('\n');
      assert.deepEqual((await routesOf('node', { 'server.js': server })).routes, ['/api/users', '/health']);
    });
    it('Express: routers required and imported from relative modules, nested two deep', async () => {
      const { routes, read } = await routesOf('node', {
        'src/index.js': [
          "import express from 'express';",
          "import users from './routes/users.js';",
          "const { router: admin } = require('../lib/admin');",
          'const app = express();',
          "app.use('/users', users);",
          "app.use('/admin', admin);",
          "app.use('/v2', require('./routes'));",
          "app.use(express.static('public'));",
        ].join('\n'),
        'src/routes/users.js':
          "const router = require('express').Router();\nrouter.get('/', all);\nexport default router;",
        'lib/admin/index.js':
          "const router = express.Router();\nrouter.get('/stats', s);\nmodule.exports = { router };",
        'src/routes/index.js': "const r = Router();\nr.use('/items', require('./items'));\nmodule.exports = r;",
        'src/routes/items.js': "const items = Router();\nitems.get('/latest', l);\nmodule.exports = items;",
      });
      assert.deepEqual(routes, ['/admin/stats', '/users/', '/v2/items/latest']);
      assert.ok(!read.includes('public'), 'express.static is no module');
    });
    it('TypeScript sources: an import of ./x.js is read from x.ts', async () => {
      const { routes } = await routesOf('node', {
        'src/server.ts': "import api from './api.js';\nconst app = express();\napp.use('/api', api);",
        'src/api.ts': "const api = Router();\napi.get('/ping', p);\nexport default api;",
      });
      assert.deepEqual(routes, ['/api/ping']);
    });
    it('Koa-router: a constructor prefix, nested with use(…, sub.routes())', async () => {
      const text = [
        "const router = new Router({ prefix: '/api' });",
        'const sub = new Router();',
        "sub.get('/list', l);",
        "router.get('/health', h);",
        "router.use('/things', sub.routes());",
        'app.use(router.routes());',
      ].join('\n');
      assert.deepEqual((await routesOf('node', { 'index.js': text })).routes, ['/api/health', '/api/things/list']);
    });
    it('Fastify: register with a prefix, of a function in the file, inline, and of a module', async () => {
      const { routes } = await routesOf('node', {
        'server.js': [
          "const fastify = require('fastify')();",
          "fastify.get('/health', h);",
          'async function users(fastify, opts) {',
          "  fastify.get('/list', l);",
          '}',
          "fastify.register(users, { prefix: '/users' });",
          "fastify.register(async (f) => { f.get('/ping', p); }, { prefix: '/inline' });",
          "fastify.register(require('./routes/items'), { prefix: '/items' });",
        ].join('\n'),
        'routes/items.js': "module.exports = async function (app) {\n  app.get('/', all);\n};",
      });
      assert.deepEqual(routes, ['/health', '/inline/ping', '/items/', '/users/list']);
    });
    it('must not join: a prefix mounts another router, and an unmounted router stays at the root', async () => {
      const text = [
        'const api = express.Router();',
        'const other = express.Router();',
        "other.get('/x', x);",
        "api.get('/y', y);",
        "app.use('/api', api);",
      ].join('\n');
      assert.deepEqual((await routesOf('node', { 'app.js': text })).routes, ['/api/y', '/x']);
    });
    it('a module mounted in a cycle or many times is read a bounded number of times', async () => {
      const files: Record<string, string> = {
        'a.js': "app.use('/a', require('./b'));\napp.get('/root', r);",
        'b.js': "router.use('/b', require('./a'));\nrouter.get('/leaf', l);",
      };
      const { read } = await routesOf('node', files);
      assert.ok(read.length <= 64 && read.filter((path) => path.endsWith('.js')).length <= MAX_FILES, read.join(' '));
    });
  });

  describe('Python', () => {
    it('FastAPI: APIRouter(prefix) and include_router(prefix) add up; app routes stay at the root', async () => {
      const text = [
        'from fastapi import APIRouter, FastAPI',
        'app = FastAPI()',
        'router = APIRouter(prefix="/items", tags=["items"])',
        '@router.get("/")',
        'def items(): ...',
        '@router.get("/{item_id}")',
        'def item(item_id: int): ...',
        '@app.get("/health")',
        'def health(): ...',
        'app.include_router(router, prefix="/api/v1")',
      ].join('\n');
      assert.deepEqual((await routesOf('python', { 'main.py': text })).routes, ['/api/v1/items/', '/health']);
    });
    it('FastAPI: routers in modules imported from the project (package and relative imports)', async () => {
      const { routes } = await routesOf('python', {
        'app/main.py': [
          'from fastapi import FastAPI',
          'from app.routers import users',
          'from .routers.items import router as items_router',
          'app = FastAPI()',
          'app.include_router(users.router, prefix="/users")',
          'app.include_router(items_router)',
        ].join('\n'),
        'app/routers/users.py': 'router = APIRouter()\n@router.get("/me")\ndef me(): ...',
        'app/routers/items.py': 'router = APIRouter(prefix="/items")\n@router.get("")\ndef all(): ...',
      });
      assert.deepEqual(routes, ['/items', '/users/me']);
    });
    it("Flask: a Blueprint's url_prefix, replaced by one given at register_blueprint", async () => {
      const { routes } = await routesOf('python', {
        'app.py': [
          'from flask import Flask',
          'from views.admin import bp as admin_bp',
          'app = Flask(__name__)',
          'shop = Blueprint("shop", __name__, url_prefix="/shop")',
          '@shop.route("/cart")',
          'def cart(): ...',
          '@app.route("/")',
          'def index(): ...',
          'app.register_blueprint(shop)',
          'app.register_blueprint(admin_bp, url_prefix="/admin")',
        ].join('\n'),
        'views/admin.py': 'bp = Blueprint("admin", __name__, url_prefix="/old")\n@bp.get("/stats")\ndef stats(): ...',
      });
      assert.deepEqual(routes, ['/', '/admin/stats', '/shop/cart']);
    });
    it('must not join: include_router of another router leaves this one at its own prefix', async () => {
      const text = [
        'public = APIRouter()',
        'private = APIRouter(prefix="/private")',
        '@public.get("/open")',
        'def open_(): ...',
        '@private.get("/secret")',
        'def secret(): ...',
        'app.include_router(private, prefix="/api")',
        'app.include_router(public)',
      ].join('\n');
      assert.deepEqual((await routesOf('python', { 'main.py': text })).routes, ['/api/private/secret', '/open']);
    });
  });
});
