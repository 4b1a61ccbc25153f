/**
 * The cache-proof edit, shaped the way formatters keep it: a build that runs `gofmt -l`, `black
 * --check`, `ruff format --check`, `prettier --check` or `cargo fmt --check` must pass after the edit
 * as it did before, or the rebuild fails for our doing. So the added lines go at the very end, after
 * the file's own trailing blank lines are dropped, with the number of blank lines before them that
 * the language's formatter wants there, in the file's own line ending, and the file ends with exactly
 * one line ending.
 */
export function appendAtEnd(text: string, lines: readonly string[], blankLinesBefore: number): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Trailing blank lines (and spaces on them) only: a line's own content is kept as it is.
  const kept = text.replace(/(?:\r?\n[ \t]*)+$/, '').replace(/^[ \t]*$/, '');
  const body = lines.join(eol) + eol;
  return kept ? `${kept}${eol.repeat(blankLinesBefore + 1)}${body}` : body;
}
