/**
 * Routes built to fail are not probed: a handler whose first statement throws, raises, panics or aborts
 * (spring-petclinic's /oups). A handler that fails only under a condition is still probed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { go } from '../../src/languages/go.js';
import { java } from '../../src/languages/java.js';
import { node } from '../../src/languages/node.js';
import { python } from '../../src/languages/python.js';
import { rust } from '../../src/languages/rust.js';
import { withoutFailingRoutes } from '../../src/verify/routes/failing.js';
import { prefixedRoutes, type PrefixLanguage } from '../../src/verify/routes/index.js';
import { resolveTarget, routesIn } from '../../src/verify/target.js';
import { tempTree } from '../support/temp-tree.js';

const kept = (text: string, language: string, spec: Parameters<typeof routesIn>[1]) =>
  routesIn(withoutFailingRoutes(text, language), spec).sort();
const nested = (text: string, language: PrefixLanguage, file: string) =>
  prefixedRoutes(language, [file], async () => withoutFailingRoutes(text, language)).then((routes) => routes.sort());

describe('routes that fail on purpose', () => {
  it('the text keeps its length, lines, brackets and quotes (every reader sees the same offsets)', () => {
    const text = '@GetMapping("/oups")\npublic String oups() { throw new RuntimeException("x"); }\n';
    const masked = withoutFailingRoutes(text, 'java');
    assert.equal(masked.length, text.length);
    assert.equal(masked.split('\n').length, text.split('\n').length);
    assert.equal(masked.replace(/[^()[\]{}"']/g, ''), text.replace(/[^()[\]{}"']/g, ''));
    assert.notEqual(masked, text);
  });

  it('Java: a method whose first statement is `throw` (petclinic CrashController); a conditional throw stays', () => {
    const controller = [
      '@Controller',
      'class CrashController {',
      '  @GetMapping("/oups")',
      '  public String triggerException() {',
      '    // on purpose',
      '    throw new RuntimeException("Expected: controller used to showcase what happens when an exception is thrown");',
      '  }',
      '  @GetMapping(value = "/maybe")',
      '  @ResponseBody',
      '  public ResponseEntity<Map<String, Object>> maybe(@RequestParam(required = false) String x) throws IOException {',
      '    if (x == null) throw new IllegalStateException();',
      '    return ResponseEntity.ok(Map.of());',
      '  }',
      '  @GetMapping("/ok")',
      '  String ok() { return "ok"; }',
      '  @GetMapping("/later")',
      '  String later() { log.info("x"); throw new RuntimeException(); }',
      '}',
    ].join('\n');
    assert.deepEqual(routesIn(controller, java.verification).sort(), ['/later', '/maybe', '/ok', '/oups']);
    assert.deepEqual(kept(controller, 'java', java.verification), ['/later', '/maybe', '/ok']);
  });

  it('Java: the class prefix still joins the routes kept', () => {
    const controller =
      '@RestController\n@RequestMapping("/api")\npublic class C {\n  @GetMapping("/boom") public void boom() { throw new Oops(); }\n  @GetMapping("/items") public List<String> items() { return List.of(); }\n}';
    assert.deepEqual(kept(controller, 'java', java.verification), ['/api/items']);
  });

  it('Python: `raise` or `abort(500)` first (after a docstring), Flask and FastAPI; a conditional raise stays', async () => {
    const app = [
      'from flask import Flask, abort',
      'app = Flask(__name__)',
      '',
      '@app.route("/boom")',
      'def boom():',
      '    """Fails on purpose."""',
      '    raise RuntimeError("boom")',
      '',
      '@app.get("/down")',
      '@login_required',
      'def down() -> str:',
      '    # maintenance',
      '    abort(503)',
      '',
      '@app.get("/missing")',
      'def missing():',
      '    abort(404)',
      '',
      '@app.route("/check")',
      'def check():',
      '    if not ready:',
      '        raise RuntimeError("not ready")',
      '    return "ok"',
      '',
      '@app.get("/one")',
      'async def one(): raise ValueError()',
      '',
      '@app.route("/")',
      'def index():',
      '    return "hi"',
    ].join('\n');
    assert.deepEqual(kept(app, 'python', python.verification), ['/', '/check', '/missing']);
    assert.deepEqual(await nested(app, 'python', 'app.py'), ['/', '/check', '/missing']);
  });

  it('Node: `throw` or `next(new Error(…))` first in an inline handler; a conditional throw or a named handler stays', async () => {
    const app = [
      "app.get('/boom', (req, res) => {",
      "  throw new Error('boom');",
      '});',
      "router.get('/next', auth, function (req, res, next) { next(new Error('x')); });",
      "app.get('/arrow', (req, res, next) => next(new HttpError(500)));",
      "app.get('/check', async (req, res) => { if (!req.query.ok) throw new Error('no'); res.send('ok'); });",
      "app.get('/named', handler);",
      "app.get('/', (req, res) => res.send('hi'));",
      "router.get('/ok', (req, res) => res.send('ok'));",
      "app.use('/api', router);",
    ].join('\n');
    assert.deepEqual(kept(app, 'node', node.verification), ['/', '/check', '/named', '/ok']);
    assert.deepEqual(await nested(app, 'node', 'app.js'), ['/', '/api/ok', '/check', '/named']);
  });

  it('Go: an inline handler whose first statement is panic(…); a conditional panic stays', async () => {
    const main = [
      'func main() {',
      '  r := chi.NewRouter()',
      '  r.Get("/panic", func(w http.ResponseWriter, r *http.Request) {',
      '    panic("on purpose")',
      '  })',
      '  r.Get("/check", func(w http.ResponseWriter, r *http.Request) {',
      '    if r.URL.Query().Get("x") == "" { panic("no x") }',
      '    w.Write([]byte("ok"))',
      '  })',
      '  r.Get("/", home)',
      '  http.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) { panic(errors.New("x")) })',
      '}',
    ].join('\n');
    assert.deepEqual(kept(main, 'go', go.verification), ['/', '/check']);
    assert.deepEqual(await nested(main, 'go', 'main.go'), ['/', '/check']);
  });

  it('Rust (actix): panic!/todo! first in the fn under #[get]; a conditional panic stays', () => {
    const main = [
      '#[get("/boom")]',
      'async fn boom() -> impl Responder {',
      '    panic!("on purpose")',
      '}',
      '#[get("/todo")]',
      'async fn later() -> HttpResponse { todo!() }',
      '#[get("/check")]',
      'async fn check(q: web::Query<Q>) -> HttpResponse {',
      '    if q.x.is_none() { panic!("x") }',
      '    HttpResponse::Ok().finish()',
      '}',
    ].join('\n');
    assert.deepEqual(kept(main, 'rust', rust.verification), ['/check']);
  });

  it('resolveTarget: the probe list leaves them out and names them apart', async () => {
    const dir = tempTree('slim-failing-routes-', {
      Dockerfile: 'FROM node:22-slim\nEXPOSE 3000\n',
      'package.json': JSON.stringify({ name: 'x', main: 'server.js', dependencies: { express: '4.21.2' } }),
      'server.js':
        "const app = require('express')();\napp.get('/health', (req, res) => res.send('ok'));\napp.get('/boom', () => { throw new Error('boom'); });\napp.listen(3000);\n",
    });
    const target = await resolveTarget(dir);
    assert.deepEqual(target.routes, ['/health']);
    assert.deepEqual(target.routesLeftOut, ['/boom']);
  });
});
