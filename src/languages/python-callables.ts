/**
 * App callables beyond `NAME = Constructor(...)` (python-frameworks.ts): aiohttp factories and plain
 * ASGI functions. gunicorn's aiohttp.GunicornWebWorker calls (and awaits) a factory itself, so one is
 * named without parentheses; `async def app(scope, receive, send)` is an ASGI app uvicorn serves.
 */
import type { AppObject } from './python-frameworks.js';

/** Module-level `def NAME():` / `async def NAME():` bodies: up to the next top-level line. */
function topLevelFunctions(text: string): { name: string; params: string; body: string }[] {
  const found: { name: string; params: string; body: string }[] = [];
  const pattern = /^(?:async\s+)?def\s+(\w+)\s*\(([^)]*)\)[^:\n]*:[^\n]*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)/gm;
  for (const match of `${text}\n`.matchAll(pattern)) found.push({ name: match[1], params: match[2], body: match[3] });
  return found;
}

/** aiohttp: a module-level function taking no arguments whose body builds web.Application(. */
export function aiohttpFactories(text: string): string[] {
  return topLevelFunctions(text)
    .filter((fn) => !fn.params.trim() && /(?<![\w.])(?:aiohttp\.)?web\.Application\(/.test(fn.body))
    .map((fn) => fn.name);
}

/**
 * Names an app factory goes by: Flask's create_app, Tornado's and Falcon's make_app / get_app (the
 * Falcon tutorial serves `gunicorn 'look.app:get_app()'`), and the longer spellings of the same.
 */
export const FACTORY_NAMES = [
  'create_app',
  'make_app',
  'get_app',
  'build_app',
  'app_factory',
  'create_application',
  'make_application',
  'get_application',
] as const;

/**
 * Module-level factories gunicorn (or uvicorn --factory) can call with no arguments: no parameters, or
 * only ones with defaults (and *args/**kwargs). One that needs an argument (`create_app(image_store)`)
 * is never named: calling it would fail at boot.
 */
export function zeroArgumentFactories(text: string): string[] {
  const names = FACTORY_NAMES.join('|');
  const found: string[] = [];
  for (const match of text.matchAll(new RegExp(`^def (${names})\\(([^)]*)\\)`, 'gm'))) {
    const params = match[2]
      .split(',')
      .map((param) => param.trim())
      .filter(Boolean);
    if (params.every((param) => param.includes('=') || param.startsWith('*'))) found.push(match[1]);
  }
  return found;
}

/** `async def NAME(scope, receive, send)` at module level: an ASGI app. */
export function asgiFunctions(text: string): string[] {
  return [...text.matchAll(/^async\s+def\s+(\w+)\s*\(\s*scope\b[^,)]*,\s*receive\b[^,)]*,\s*send\b[^,)]*\)/gm)].map(
    (match) => match[1],
  );
}

/** The callables a module holds for a framework, beside its constructed app objects. */
export function otherCallables(text: string, framework: string): AppObject[] {
  const factories = framework === 'aiohttp' ? aiohttpFactories(text).map((name) => ({ name, asgi: false })) : [];
  const asgi = framework === 'django' ? [] : asgiFunctions(text).map((name) => ({ name, asgi: true }));
  return [...factories, ...asgi];
}
