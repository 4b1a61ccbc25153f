/**
 * Routes built to fail (spring-petclinic's `/oups`, a Flask `/boom` that raises): a 5xx there is the
 * app doing what it says, so the probe must not ask them. A route counts only when its handler is
 * written right after the route (an annotation, a decorator, an inline function) and the handler's
 * first statement fails unconditionally: Java/Node `throw`, Node `next(new Error…)`, Python `raise` or
 * `abort(5xx)`, Go `panic(`, Rust `panic!`/`todo!`/`unimplemented!`. A handler that fails only under
 * a condition (`if (…) throw`) is still probed.
 *
 * The route readers are left as they are: the registration of such a route is blanked in the text
 * they read (same length, brackets and quotes kept, so every offset and nesting stays as it was).
 */
import { callArguments, literal } from './text.js';

/** What the first statement of a failing handler does, per language (for the run log). */
export const FAILS_BY: Readonly<Record<string, string>> = {
  java: 'throws',
  node: 'throws',
  python: 'raises or aborts with a 5xx',
  go: 'panics',
  rust: 'panics',
};

type Finder = (text: string) => { start: number; end: number }[];

const FINDERS: Readonly<Record<string, Finder>> = { java, node, python, go, rust };

/** The text with every failing route's registration blanked (the same text when there is none). */
export function withoutFailingRoutes(text: string, language: string): string {
  const spans = FINDERS[language]?.(text) ?? [];
  if (spans.length === 0) return text;
  const chars = [...text];
  for (const { start, end } of spans)
    for (let i = start; i < end; i++) if (!/[\n()[\]{}"'`]/.test(chars[i])) chars[i] = ' ';
  return chars.join('');
}

/** The index after whitespace and comments (line and block comments, or Python hash comments) from `at`. */
function skipTrivia(text: string, at: number, hash = false): number {
  const trivia = hash ? /(?:\s+|#[^\n]*)*/y : /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
  trivia.lastIndex = at;
  trivia.exec(text);
  return trivia.lastIndex;
}

/** A sticky match of `pattern` at `at`: its end, or -1. */
function matchAt(text: string, at: number, pattern: RegExp): number {
  const sticky = new RegExp(pattern.source, pattern.flags.includes('y') ? pattern.flags : `${pattern.flags}y`);
  sticky.lastIndex = at;
  const m = sticky.exec(text);
  return m ? sticky.lastIndex : -1;
}

/** The end of the call whose `(` comes next after `at` (whitespace only between), or -1. */
function callEnd(text: string, at: number): number {
  const open = skipTrivia(text, at);
  return text[open] === '(' ? callArguments(text, open).end + 1 : -1;
}

/** The index after a call's first argument (its `(` at `open`, the argument as callArguments trimmed it). */
const firstArgumentEnd = (text: string, open: number, first: string) => text.indexOf(first, open + 1) + first.length;

/** Spring: `@GetMapping("/x")` (other annotations between) on a method whose body starts with `throw`. */
function java(text: string) {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/@(?:Get|Request)Mapping\b/g)) {
    let at = m.index + m[0].length;
    const args = callEnd(text, at);
    if (args !== -1) at = args;
    // Further annotations, then modifiers, return type, name and parameters.
    for (let next; (next = matchAt(text, skipTrivia(text, at), /@[\w.]+/)) !== -1;) {
      at = next;
      const annotationArgs = callEnd(text, at);
      if (annotationArgs !== -1) at = annotationArgs;
    }
    const signature = matchAt(
      text,
      skipTrivia(text, at),
      /(?:(?:public|protected|private|static|final|synchronized)\s+)*(?:<[^;{}()]*>\s*)?[\w.$]+(?:<[^;{}()]*>)?(?:\[\])*\s+\w+\s*(?=\()/,
    );
    if (signature === -1) continue;
    const params = callEnd(text, signature);
    if (params === -1) continue;
    const body = matchAt(text, params, /\s*(?:throws\s+[\w.$]+(?:\s*,\s*[\w.$]+)*\s*)?\{/);
    if (body !== -1 && matchAt(text, skipTrivia(text, body), /throw\b/) !== -1)
      spans.push({ start: m.index, end: args === -1 ? m.index + m[0].length : args });
  }
  return spans;
}

/** Express/Koa/Fastify: `x.get('/x', …, (req, res) => { throw … })` or `next(new Error(…))`. */
function node(text: string) {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/\.(?:get|all)\(/g)) {
    const open = m.index + m[0].length - 1;
    const { args, end } = callArguments(text, open);
    if (args.length < 2 || !literal(args[0])?.startsWith('/')) continue;
    const handler = args[args.length - 1];
    const head =
      /^(?:async\s+)?(?:function\b[^(]*\([^)]*\)\s*(\{)|(?:\([^)]*\)|\w+)\s*(?::\s*[\w<>[\]|. ]+)?=>\s*(\{)?)/.exec(
        handler,
      );
    if (!head) continue;
    const next = /(?:return\s+)?next\(\s*new\s+\w*Error\b/;
    const rest = handler.slice(skipTrivia(handler, head[0].length));
    const fails =
      head[1] || head[2]
        ? new RegExp(`^(?:throw\\b|${next.source})`).test(rest)
        : new RegExp(`^${next.source}`).test(rest);
    if (fails) spans.push({ start: m.index, end: Math.min(end, firstArgumentEnd(text, open, args[0])) });
  }
  return spans;
}

/** Flask/FastAPI/bottle: a route decorator, then `def` whose first statement (after a docstring) raises. */
function python(text: string) {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/^[ \t]*@[\w.]+(?=\()/gm)) {
    const open = m.index + m[0].length;
    const { args, end } = callArguments(text, open);
    if (!literal(args[0])?.startsWith('/')) continue;
    let at = end + 1;
    for (let next; (next = matchAt(text, at, /\s*@[\w.]+/)) !== -1;) {
      at = next;
      const decoratorArgs = callEnd(text, at);
      if (decoratorArgs !== -1) at = decoratorArgs;
    }
    const def = matchAt(text, at, /\s*(?:async\s+)?def\s+\w+\s*(?=\()/);
    if (def === -1) continue;
    const params = callArguments(text, def).end + 1;
    const colon = matchAt(text, params, /\s*(?:->[^:\n]+)?:/);
    if (colon === -1) continue;
    let body = skipTrivia(text, colon, true);
    const docstring = matchAt(text, body, /[rRuU]?(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"[^"\n]*"|'[^'\n]*')/);
    if (docstring !== -1) body = skipTrivia(text, docstring, true);
    if (matchAt(text, body, /(?:raise\b|(?:flask\.)?abort\(\s*5\d\d\b)/) !== -1)
      spans.push({ start: m.index, end: end + 1 });
  }
  return spans;
}

/** net/http, chi, gin, echo, fiber: `r.Get("/x", func(…) { panic(…) })`. */
function go(text: string) {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/\b(?:HandleFunc|Handle|GET|Get|Any)\(/g)) {
    const open = m.index + m[0].length - 1;
    const { args } = callArguments(text, open);
    if (args.length < 2 || !literal(args[0])?.replace(/^GET /, '').startsWith('/')) continue;
    const head = /^func\s*\([^)]*\)\s*(?:error\s*)?\{/.exec(args[args.length - 1]);
    if (head && /^panic\(/.test(args[args.length - 1].slice(skipTrivia(args[args.length - 1], head[0].length))))
      spans.push({ start: m.index, end: firstArgumentEnd(text, open, args[0]) });
  }
  return spans;
}

/** actix-web: `#[get("/x")]` on an fn whose body starts with `panic!`, `todo!` or `unimplemented!`. */
function rust(text: string) {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/#\[(?:get|route)\(\s*"\/[^"]*"[^\]]*\]/g)) {
    let at = m.index + m[0].length;
    for (let next; (next = matchAt(text, at, /\s*#\[[^\]]*\]/)) !== -1;) at = next;
    const fn = matchAt(text, at, /\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+\w+\s*(?:<[^>]*>)?(?=\()/);
    if (fn === -1) continue;
    const body = matchAt(text, callArguments(text, fn).end + 1, /[^{;]*\{/);
    if (body !== -1 && matchAt(text, skipTrivia(text, body), /(?:panic|todo|unimplemented)!/) !== -1)
      spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}
