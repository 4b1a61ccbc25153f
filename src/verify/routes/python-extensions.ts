/**
 * GET routes that API-documentation extensions serve by default: for an app whose own routes are all
 * POST (the quart-schema example API), the probe then has a path that answers. Only documented
 * defaults, each unless the constructor moves it (a string) or switches it off (None):
 *  - quart-schema `QuartSchema(app)`: /openapi.json and /docs (openapi_path=, swagger_ui_path=)
 *  - FastAPI `FastAPI()`: /openapi.json and /docs (openapi_url=, docs_url=)
 *  - flask-restx / flask-restplus `Api(app)`: /swagger.json, under its prefix=
 *  - flasgger `Swagger(app)`: /apispec_1.json and /apidocs/ (its default config)
 * flask-smorest serves its spec only once OPENAPI_URL_PREFIX is configured: it has no default to ask.
 */
import { callArguments, joinPath } from './text.js';

interface Extension {
  /** The module it is imported from (the constructor name alone is too common: `Api`, `Swagger`). */
  module: RegExp;
  constructor: string;
  /** Keyword → default path. */
  paths: [keyword: string | undefined, path: string][];
  prefixKeyword?: string;
}

const EXTENSIONS: Extension[] = [
  {
    module: /quart_schema/,
    constructor: 'QuartSchema',
    paths: [
      ['openapi_path', '/openapi.json'],
      ['swagger_ui_path', '/docs'],
    ],
  },
  {
    module: /fastapi/,
    constructor: 'FastAPI',
    paths: [
      ['openapi_url', '/openapi.json'],
      ['docs_url', '/docs'],
    ],
  },
  {
    module: /flask_rest(?:x|plus)/,
    constructor: 'Api',
    paths: [[undefined, '/swagger.json']],
    prefixKeyword: 'prefix',
  },
  {
    module: /flasgger/,
    constructor: 'Swagger',
    paths: [
      [undefined, '/apispec_1.json'],
      [undefined, '/apidocs/'],
    ],
  },
];

const keywordValue = (args: string[], name: string) =>
  args.map((arg) => new RegExp(`^${name}\\s*=\\s*(.+)$`, 's').exec(arg)?.[1].trim()).find((v) => v !== undefined);

/** The documentation routes the extensions constructed in this file serve. */
export function extensionRoutes(text: string): string[] {
  const routes: string[] = [];
  for (const extension of EXTENSIONS) {
    const imported = new RegExp(
      `^[ \\t]*(?:from[ \\t]+${extension.module.source}[\\w.]*[ \\t]+import\\b[^\\n]*\\b${extension.constructor}\\b|import[ \\t]+${extension.module.source}\\b)`,
      'm',
    );
    if (!imported.test(text)) continue;
    for (const m of text.matchAll(new RegExp(`(?<![\\w.])(?:\\w+\\.)?${extension.constructor}\\(`, 'g'))) {
      const { args } = callArguments(text, m.index + m[0].length - 1);
      const prefixValue = extension.prefixKeyword ? keywordValue(args, extension.prefixKeyword) : undefined;
      const prefix = /^["']([^"']*)["']$/.exec(prefixValue ?? '')?.[1] ?? '';
      for (const [keyword, fallback] of extension.paths) {
        const given = keyword ? keywordValue(args, keyword) : undefined;
        if (given === undefined) routes.push(joinPath(prefix, fallback));
        else {
          const literal = /^["'](\/[^"']*)["']$/.exec(given)?.[1];
          if (literal) routes.push(joinPath(prefix, literal));
        }
      }
    }
  }
  return [...new Set(routes)];
}
