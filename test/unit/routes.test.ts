/** Routes read from an app's source for the probe: a controller class's prefix joins its methods' paths. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { java } from '../../src/languages/java.js';
import { node } from '../../src/languages/node.js';
import { routesIn } from '../../src/verify/target.js';

describe('routes for the probe', () => {
  it("Spring: a class-level @RequestMapping prefix joins each method's path", () => {
    const controller = [
      '@RestController',
      '@RequestMapping("/api/orders")',
      'public class OrderController {',
      '  @GetMapping',
      '  public List<Order> all() { return repo.findAll(); }',
      '  @GetMapping("/recent")',
      '  public List<Order> recent() { return repo.recent(); }',
      '}',
    ].join('\n');
    assert.deepEqual(routesIn(controller, java.verification).sort(), ['/api/orders', '/api/orders/recent']);
  });
  it('Spring: without a class prefix the method paths stand alone', () => {
    const controller =
      '@RestController\npublic class Greeting {\n  @GetMapping("/greeting")\n  public String g() { return "hi"; }\n}';
    assert.deepEqual(routesIn(controller, java.verification), ['/greeting']);
  });
  it('Express: no prefix rule, the literal paths', () => {
    assert.deepEqual(routesIn("app.get('/health', h);\napp.get('/items', list);", node.verification), [
      '/health',
      '/items',
    ]);
  });
});
