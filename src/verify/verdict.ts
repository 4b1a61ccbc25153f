/**
 * The verdict a person reads at the end of a verification: one block, designed for 80 columns. The
 * heading says verified or not (and the one reason an app that needs a service is not), then every
 * check once, `PASS|WARN|FAIL  name  detail` with the detail wrapped under the name, a failed
 * check's cause on its own `why:` line, and the figures that are known (never a `-` placeholder).
 * The JSON report (--report) carries the same facts for machines.
 */
import wrapAnsi from 'wrap-ansi';
import type { Report } from './report.js';

/** The width the verdict is laid out for (a narrower terminal gets its own width, from 40 up). */
export const VERDICT_COLUMNS = 80;

/** The verdict's width on this output: 80, or a narrower terminal's own. */
export function verdictWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const columns = stream.isTTY ? stream.columns : undefined;
  return columns && columns >= 40 && columns < VERDICT_COLUMNS ? columns : VERDICT_COLUMNS;
}

/** Where a check's detail (and its `why:` line) continues: under the check's name. */
const HANG = 8;

/** `text` wrapped to `width`, the first line after `first`, the rest after `indent` spaces. */
function wrapped(first: string, text: string, indent: number, width: number): string[] {
  // wrap-ansi trims every line's edges: the prefix stands in as one word of its own length, then is put back.
  const stand = `${'x'.repeat(Math.max(first.length - 1, 1))} `;
  const [head, ...rest] = wrapAnsi(`${stand}${text}`, width, { hard: true, trim: true }).split('\n');
  const top = `${first}${head.slice(stand.length)}`.trimEnd();
  if (!rest.length) return [top];
  // Later lines are wrapped again to the room left after the indent.
  const more = wrapAnsi(rest.join(' '), width - indent, { hard: true, trim: true }).split('\n');
  return [top, ...more.map((line) => `${' '.repeat(indent)}${line}`)];
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const sec = (value: number) => `${value.toFixed(2)} s`;

/** The figures this run measured, each line only with what is known. */
function figures(report: Report): string[] {
  const lines: string[] = [];
  if (report.imageBytes !== undefined || report.image) {
    const size = report.imageBytes === undefined ? '' : ` ${mb(report.imageBytes)}`;
    const base = report.baseImage
      ? ` (base ${report.baseImage}${report.baseImageBytes === undefined ? '' : ` ${mb(report.baseImageBytes)}`})`
      : '';
    lines.push(`image${size}${base}, ${report.image ? `kept as ${report.image}` : 'removed after the run'}`);
  }
  const times = [
    report.coldBuildSeconds !== undefined && `cold build ${sec(report.coldBuildSeconds)}`,
    report.rebuildSeconds !== undefined && `rebuild after edit ${sec(report.rebuildSeconds)}`,
    report.stopSeconds !== undefined && `stop ${sec(report.stopSeconds)}`,
  ].filter(Boolean);
  if (times.length) lines.push(times.join(', '));
  const who = [
    report.user && `user ${report.user}${report.uid === undefined ? '' : ` (uid ${report.uid})`}`,
    report.exposedPorts?.length && `ports ${report.exposedPorts.join(', ')}`,
  ].filter(Boolean);
  if (who.length) lines.push(who.join(', '));
  // The engine check names the engine; a run that stopped before it still says which one it asked.
  if (!report.checks.some((check) => check.name === 'engine')) lines.push(`engine ${report.engine}`);
  return lines;
}

/** The verdict block: a blank line, the heading, every check once, the figures (no blank line after). */
export function renderVerdict(report: Report, width = VERDICT_COLUMNS): string {
  const passed = report.checks.filter((check) => check.ok).length;
  const need = report.needsService;
  const heading = `Verification: ${report.ok ? 'verified' : 'NOT verified'} (${passed}/${report.checks.length} checks passed)`;
  const out = ['', heading];
  // The one reason an app that needs a service is not verified, on the line under the heading.
  if (need)
    out.push(
      ...wrapped(
        '  ',
        `— needs ${need.service}${need.envVar || need.setting ? ` (${need.envVar ?? need.setting})` : ''}, which verification cannot reach here${need.others?.length ? `; it also names ${need.others.join(', ')}` : ''}`,
        4,
        width,
      ),
    );
  for (const check of report.checks) {
    const mark = check.ok ? (check.warning ? 'WARN' : 'PASS') : 'FAIL';
    // A detail may carry its cause on later lines ("why: …"): each is a line of its own, under the name.
    const [first, ...more] = check.detail.split('\n');
    out.push(...wrapped(`  ${mark}  ${check.name}  `, first.trim(), HANG, width));
    for (const line of more.map((text) => text.trim()).filter(Boolean))
      out.push(...wrapped(' '.repeat(HANG), line, HANG + 2, width));
  }
  for (const line of figures(report)) out.push(...wrapped('  ', line, 4, width));
  return out.join('\n');
}
