/**
 * Every escaping rule in one place: a value is validated once at the edge, then escaped here for
 * where it lands (a Dockerfile word or exec-form argument, a LABEL, a Python, Go or YAML string).
 * EJS's <%= %> escapes HTML, which is wrong for all of these: templates call these helpers with <%- %>.
 * Each refuses newlines and control characters: a newline would start a new instruction or line.
 */

function refuseControl(value: string): string {
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

/**
 * A file-system path found in a project's code, as a Dockerfile word or .dockerignore line: a plain
 * path (relative, or under /app, /data, /out/state as the templates build it) of letters, digits,
 * `_`, `.` and `-` only, never a `.`/`..` segment or one starting with `-`. Detection already refuses
 * anything else (src/detect/paths.ts); this refuses it again where it lands, so a `$`, backtick,
 * quote or space can never be read by a shell (`${IFS}`) or as a pattern.
 */
export function pathWord(value: unknown): string {
  const text = refuseControl(String(value));
  const parts = text.replace(/^\//, '').split('/');
  if (!parts.every((part) => /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(part) && part !== '..' && part !== '.'))
    throw new Error(`refusing to render ${JSON.stringify(text)} as a path: only plain folder names`);
  return text;
}

/** A LABEL value: a double-quoted Dockerfile string, with `$` escaped so it is never expanded. */
export const labelValue = (value: unknown): string => execArg(value).replace(/\$/g, '\\$');

/** A Python string literal (JSON strings are valid Python literals). */
export const pyString = (value: unknown): string => execArg(value);

/**
 * A Go interpreted string literal. JSON string syntax is a subset of Go's except for escaped lone
 * surrogates, which Go rejects: those (and any other code point JSON escapes) are written as \u/\U.
 */
export function goString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) {
      // Control characters and lone surrogates (invalid in Go source) are replaced, never emitted raw.
      out += code >= 0xd800 && code <= 0xdfff ? '\\uFFFD' : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

/**
 * A YAML double-quoted scalar. JSON strings are valid YAML; everything outside printable ASCII is
 * written as an escape, so no byte YAML forbids (C1 controls, BOM) reaches the file.
 */
export function yamlString(value: unknown): string {
  const text = refuseControl(String(value));
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A YAML string for a compose file: `$` doubled, so compose's variable interpolation leaves it alone. */
export const composeString = (value: unknown): string => yamlString(String(value).split('$').join('$$'));

/** What every template receives, whatever it renders. */
export const TEMPLATE_HELPERS = {
  execArg,
  execForm,
  word,
  pathWord,
  labelValue,
  pyString,
  goString,
  yamlString,
  composeString,
};
