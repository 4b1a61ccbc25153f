/**
 * The trial list (`npm run trial -- LIST`): one checkout a line, parsed without touching the disk.
 *
 *     # a comment line; blank lines are skipped
 *     /work/repos/flask                                     # the checkout's root
 *     /work/repos/flask examples/tutorial                   # a subfolder of it (the app's folder)
 *     /work/repos/microblog -- --runtime-version 3.11       # extra CLI flags after ` -- ` (or a tab)
 *     /work/repos/whoami<TAB>--port 8080 # why: a note kept with the result
 *
 * The location part is the checkout path and an optional subfolder, separated by spaces (so neither
 * may hold a space). Flags are split like a shell would (shlex: quotes group words).
 * A ` #` after the content starts a note (the reason for the flags), kept in the results.
 */
import { isAbsolute, normalize } from 'node:path';
import { split } from 'shlex';

export interface TrialEntry {
  /** 1-based line in the list file, for messages. */
  line: number;
  checkout: string;
  /** The app's folder inside the checkout, relative ('' for the root). */
  subfolder: string;
  flags: string[];
  note?: string;
}

export class TrialListError extends Error {}

/** Words of a flag string, split as a POSIX shell would (shlex, the library --command uses too). */
export function splitFlags(text: string, line = 0): string[] {
  try {
    return split(text);
  } catch {
    throw new TrialListError(`line ${line}: unclosed quote in the flags`);
  }
}

/** Text and its trailing ` # note` (a `#` at the start or after whitespace, outside quotes). */
function splitNote(text: string): { content: string; note?: string } {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const note = text.slice(i + 1).trim();
      return { content: text.slice(0, i), ...(note && { note }) };
    }
  }
  return { content: text };
}

/** Flags the runner sets itself (the report, the kept image, asking nothing): a line may not set them. */
const RUNNER_FLAGS = new Set(['--yes', '--keep-image', '--report', '--no-verify', '--skip-verify']);

export function parseTrialList(text: string): TrialEntry[] {
  const entries: TrialEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const { content, note } = splitNote(raw);
    if (!content.trim()) return;
    // Flags after the first tab or the first ` -- `, whichever comes first.
    const tab = content.indexOf('\t');
    const dashes = content.search(/\s--(\s|$)/);
    const cuts = [tab, dashes].filter((at) => at >= 0);
    const cut = cuts.length ? Math.min(...cuts) : -1;
    const location = (cut < 0 ? content : content.slice(0, cut)).trim();
    let flagText = cut < 0 ? '' : content.slice(cut).trim();
    if (/^--(\s|$)/.test(flagText)) flagText = flagText.slice(2);
    const parts = location.split(/\s+/).filter(Boolean);
    if (parts.length === 0) throw new TrialListError(`line ${line}: flags without a checkout path`);
    if (parts.length > 2)
      throw new TrialListError(
        `line ${line}: "${location}" has ${parts.length} words; expected PATH [SUBFOLDER] (no spaces in either), flags after " -- " or a tab`,
      );
    const [checkout, sub = ''] = parts;
    const subfolder = sub ? normalize(sub).replace(/\/+$/, '') : '';
    if (subfolder && (isAbsolute(subfolder) || subfolder === '..' || subfolder.startsWith('../')))
      throw new TrialListError(`line ${line}: subfolder "${sub}" must be a relative path inside the checkout`);
    const flags = splitFlags(flagText, line);
    const reserved = flags.find((flag) => RUNNER_FLAGS.has(flag.split('=')[0]));
    if (reserved)
      throw new TrialListError(
        `line ${line}: ${reserved.split('=')[0]} is set by the trial runner itself; remove it from the line`,
      );
    entries.push({ line, checkout, subfolder: subfolder === '.' ? '' : subfolder, flags, ...(note && { note }) });
  });
  return entries;
}
