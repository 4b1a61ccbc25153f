/**
 * Text helpers for the static route readers: joining a prefix to a path, finding a block's end, and
 * the rule that a probe asks only paths without parameters.
 */

/**
 * A prefix joined to a route's path as the frameworks join them: `/api/` + `/users` is `/api/users`,
 * an empty path answers at the prefix itself, and `/` keeps the slash (`/api/`: gin, Flask and FastAPI
 * register it so, and the others answer it too).
 */
export function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}${path && !path.startsWith('/') ? '/' : ''}${path}`;
  const absolute = joined.startsWith('/') ? joined : `/${joined}`;
  return absolute.replace(/\/{2,}/g, '/');
}

/** A path the probe can ask as it is: no parameter (`:id`, `{id}`, `<id>`) and no wildcard. */
export const probeable = (path: string) => !/[:{}<>*]/.test(path);

/**
 * The index of the `}` closing the `{` at `open`, skipping strings and comments (a route `"/users/{id}"`
 * holds braces); the text's end when it never closes.
 */
export function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i === -1) return text.length;
    } else if (char === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i === -1) return text.length;
      i++;
    } else if (char === '"' || char === "'" || char === '`') {
      i = stringEnd(text, i);
    } else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** The index of the quote closing the string opened at `start` (a backslash escapes the next char). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) return i;
    // A quote left open at the line's end (a Go rune '"', a JS regex) ends there, so one stray quote
    // does not swallow the file.
    else if (text[i] === '\n' && quote !== '`') return i;
  }
  return text.length;
}

/** The top-level comma-separated arguments of a call whose `(` is at `open` (index of `(`), trimmed. */
export function callArguments(text: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') i = stringEnd(text, i);
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (--depth === 0) {
        args.push(text.slice(start, i).trim());
        return { args: args.filter(Boolean), end: i };
      }
    } else if (char === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return { args: args.filter(Boolean), end: text.length };
}

/** A string literal's value ("/api", '/api', `/api`), or undefined when the text is not one. */
export function literal(text: string | undefined): string | undefined {
  return /^(["'`])([^"'`]*)\1$/.exec(text?.trim() ?? '')?.[2];
}
