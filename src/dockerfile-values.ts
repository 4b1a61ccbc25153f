/**
 * Escaping for values that land in a Dockerfile. EJS's <%= %> escapes HTML, which is wrong here:
 * templates call these helpers instead, and render with <%- %>.
 */

function refuseControl(value: string): string {
  // A newline would start a new instruction; other control characters have no business in a Dockerfile.
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`refusing to render a value with a newline or control character: ${JSON.stringify(value)}`);
  }
  return value;
}

/** One argument of an exec-form (JSON array) instruction: a JSON string, so quotes cannot break out. */
export function execArg(value: unknown): string {
  return JSON.stringify(refuseControl(String(value)));
}

/** A whole exec-form array: ["a", "b"]. */
export function execForm(values: readonly unknown[]): string {
  return `[${values.map(execArg).join(', ')}]`;
}

/** A bare word (image ref, port, uid, ARG default): no spaces, quotes, backslashes or `$` expansions it did not ask for. */
export function word(value: unknown): string {
  const text = refuseControl(String(value));
  if (!/^[A-Za-z0-9_./:@${}+=-]+$/.test(text)) {
    throw new Error(`refusing to render ${JSON.stringify(text)} as a Dockerfile word`);
  }
  return text;
}
