/** The trial's results: one record per list entry, and the Markdown table people read. */

/** What the hand-equivalent re-probe of a kept image saw on one path. */
export interface ReProbe {
  path: string;
  /** The final status (same-origin redirects followed, as `curl -L` would); undefined: no answer in time. */
  status?: number;
  redirects?: string[];
  /** The first bytes of the body. */
  body?: string;
}

export type Outcome = 'verified' | 'not verified' | 'refused' | 'environment' | 'timed out' | 'crashed';

export interface TrialResult {
  checkout: string;
  /** Repository name for the table (the checkout folder's name). */
  repo: string;
  subfolder: string;
  flags: string[];
  note?: string;
  /** language/framework (runtime version) as the run saved them; undefined when it saved nothing. */
  kind?: string;
  outcome: Outcome;
  exitCode?: number;
  /** The reason line as printed (the first failed check, the needed service, or the refusal message). */
  reason?: string;
  /** The repo's own Docker files set aside before the run (paths relative to the checkout). */
  setAside: string[];
  port?: number;
  image?: string;
  reprobe?: ReProbe[];
  /** Why no re-probe ran although the run verified (e.g. the container would not start). */
  reprobeError?: string;
  seconds: number;
  /** The run's full output, kept beside the results. */
  log?: string;
}

/** A cell's text: one line, pipes escaped, long text cut with an ellipsis. */
export function cell(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function resultCell(result: TrialResult): string {
  switch (result.outcome) {
    case 'verified':
      return '**verified**';
    case 'not verified':
      return `not verified (${cell(result.reason ?? 'no reason printed')})`;
    case 'refused':
      return `refused exit 2 (${cell(result.reason ?? 'no message')})`;
    case 'environment':
      return `environment exit 3 (${cell(result.reason ?? 'no message')})`;
    case 'timed out':
      return `timed out (${cell(result.reason ?? 'no verdict in time')})`;
    case 'crashed':
      return `crashed exit ${result.exitCode ?? '?'} (${cell(result.reason ?? 'no message')})`;
  }
}

function reprobeCell(result: TrialResult): string {
  if (result.reprobeError) return `failed: ${cell(result.reprobeError, 80)}`;
  if (!result.reprobe?.length) return '—';
  return result.reprobe
    .map((probe) => {
      const via = probe.redirects?.length ? ` → ${probe.redirects.join(' → ')}` : '';
      const body = probe.body ? ` \`${cell(probe.body, 40).replace(/`/g, "'")}\`` : '';
      return `${cell(probe.path, 40)}${via} ${probe.status ?? 'no answer'}${body}`;
    })
    .join('; ');
}

/** The Markdown table, one row per result in list order, and a count line under it. */
export function renderTable(results: readonly TrialResult[]): string {
  const rows = results.map((result) =>
    [
      cell(result.repo, 60),
      result.subfolder ? cell(result.subfolder, 60) : '—',
      result.kind ? cell(result.kind, 60) : '—',
      result.flags.length ? `\`${cell(result.flags.join(' '), 100)}\`` : '—',
      resultCell(result),
      reprobeCell(result),
      result.seconds.toFixed(0),
    ].join(' | '),
  );
  const verified = results.filter((result) => result.outcome === 'verified').length;
  const reprobed = results.filter((result) => result.reprobe?.some((probe) => isAnswer(probe.status))).length;
  return [
    '| repo | folder | language/kind | flags | result | re-probe | seconds |',
    '|---|---|---|---|---|---|---:|',
    ...rows.map((row) => `| ${row} |`),
    '',
    `${verified} of ${results.length} verified; ${reprobed} of ${verified} verified images answered 2xx/3xx again on the re-probe.`,
    '',
  ].join('\n');
}

export const isAnswer = (status: number | undefined) => status !== undefined && status >= 200 && status < 400;
