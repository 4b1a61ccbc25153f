/** Turns the measured numbers into BENCHMARKS.md (and the summary table printed at the end). */
import { readFile, writeFile } from 'node:fs/promises';

export type Variant = 'ours' | 'counter' | 'seed' | 'init';

export interface CodeEditRun {
  cold: number;
  rebuild: number;
  ratio: number;
  /** Identical leading layers of the cold and the edited image. */
  shared: number;
  total: number;
  /** Layers of the image cut right after the pip step. */
  depsLayers: number;
  reused: boolean;
  bytes: number;
}

export interface DependencyRun {
  rebuild: number;
  cold: number;
  ratio: number;
}

export interface Results {
  machine: {
    date: string;
    nproc: number;
    cpu: string;
    memoryBytes: number;
    engine: string;
    node: string;
    loadBefore: string;
    loadAfter: string;
    runs: number;
    port: number;
    runtimeSeconds?: number;
  };
  codeEdit: Record<Variant, CodeEditRun[]>;
  addDependency: { ours: DependencyRun[]; seed: DependencyRun[] };
  sizes: {
    slim: Partial<Record<Variant, number>>;
    full: Partial<Record<'ours' | 'seed', number>>;
    slimBase?: number;
    fullBase?: number;
  };
  context: {
    sourceBytes?: number;
    withIgnore?: { walked: number; engine: number };
    withoutIgnore?: { walked: number; engine: number };
  };
  generation: {
    ours: number[];
    fly: number[];
    yeomanImport: number[];
    flyVersion?: string;
    oursNode?: boolean;
    oursNodeMessage?: string;
  };
  verify: { wall: number; cold: number; overhead: number; failed: string[] }[];
  stop: { ours: number[]; seed: number[]; seedNoDebug: number[]; init: number[] };
  errors: string[];
  notes: { competitors: Record<string, string> };
}

const LABELS: Record<Variant, string> = {
  ours: 'ours (generated)',
  counter: "seed's counter-example order",
  seed: "seed's final Dockerfile",
  init: "docker init's Python template",
};

export const median = (values: number[]) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const s = (seconds: number, digits = 2) => (Number.isFinite(seconds) ? `${seconds.toFixed(digits)} s` : 'n/a');
const r = (ratio: number) => (Number.isFinite(ratio) ? ratio.toFixed(3) : 'n/a');
const range = (values: number[], format: (n: number) => string) =>
  values.length > 1 ? ` (${format(Math.min(...values))}–${format(Math.max(...values))})` : '';
const mb = (bytes?: number) => (bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`);
const kb = (bytes?: number) =>
  bytes === undefined ? 'n/a' : bytes >= 1e6 ? mb(bytes) : `${(bytes / 1e3).toFixed(2)} kB`;
const verdict = (measured: boolean, met: boolean) =>
  !measured ? '**not measured** (see errors)' : met ? 'met' : '**missed**';
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

export async function writeReport(results: Results, path: string): Promise<string> {
  const { machine, codeEdit, addDependency, sizes, context, generation, verify, stop } = results;
  const ratio = (variant: Variant) => median(codeEdit[variant].map((run) => run.ratio));
  const allReused = (variant: Variant) => codeEdit[variant].length > 0 && codeEdit[variant].every((run) => run.reused);
  const coldMedian = (variant: Variant) => median(codeEdit[variant].map((run) => run.cold));
  const depRatio = (variant: 'ours' | 'seed') => median(addDependency[variant].map((run) => run.ratio));
  const depRebuild = (variant: 'ours' | 'seed') => median(addDependency[variant].map((run) => run.rebuild));
  const depOursOverSeed = depRatio('ours') / depRatio('seed');
  const contextRatio =
    context.withIgnore && context.sourceBytes ? context.withIgnore.engine / context.sourceBytes : NaN;
  const genOurs = median(generation.ours);
  const genFly = median(generation.fly);
  // Only runs that verified count; a failed run may have stopped early.
  const verifyOverhead = median(verify.filter((v) => !v.failed.length).map((v) => v.overhead));
  const stopOurs = median(stop.ours);
  const oursGenNote = generation.oursNode
    ? 'same Express app (`--language node`)'
    : 'Python sample in an empty folder (`--language node` was rejected: the Node pack is not there yet)';

  const summary = table(
    ['#', 'figure (median of runs)', 'ours', 'compared with', 'target', 'verdict'],
    [
      [
        '1',
        'rebuild ÷ cold build after a code edit',
        `${r(ratio('ours'))}, dependency layers reused: ${allReused('ours') ? 'yes' : 'no'}`,
        `counter-example ${r(ratio('counter'))} · seed final ${r(ratio('seed'))} · docker init ${r(ratio('init'))}`,
        '≤ 0.05 with layers reused',
        verdict(codeEdit.ours.length > 0, ratio('ours') <= 0.05 && allReused('ours')),
      ],
      [
        '2',
        'image size, slim base',
        mb(sizes.slim.ours),
        `seed final ${mb(sizes.slim.seed)} · docker init ${mb(sizes.slim.init)}`,
        '— (reported)',
        '—',
      ],
      [
        '2',
        'image size, full base',
        mb(sizes.full.ours),
        `seed final ${mb(sizes.full.seed)}`,
        '— (reported; alpine not buildable here)',
        '—',
      ],
      [
        '3',
        'build context, repo with 50 MB .git + 100 MB .venv',
        `${kb(context.withIgnore?.engine)} = ${r(contextRatio)} × source (${kb(context.sourceBytes)})`,
        `without .dockerignore ${mb(context.withoutIgnore?.engine)}`,
        '≤ 1.1 × source bytes',
        verdict(Number.isFinite(contextRatio), contextRatio <= 1.1),
      ],
      [
        '4',
        'generation time, no verification',
        s(genOurs),
        `@flydotio/dockerfile ${s(genFly)} → ours ÷ theirs ${r(genOurs / genFly)}`,
        'ratio ≤ 1 and < 1 s',
        verdict(generation.ours.length > 0 && generation.fly.length > 0, genOurs / genFly <= 1 && genOurs < 1),
      ],
      [
        '5',
        'verification time − cold build',
        s(verifyOverhead, 1),
        '—',
        '≤ 10 s',
        verdict(Number.isFinite(verifyOverhead), verifyOverhead <= 10),
      ],
      [
        '6',
        'rebuild ÷ cold after adding one dependency',
        r(depRatio('ours')),
        `seed final ${r(depRatio('seed'))} → ours ÷ seed ${r(depOursOverSeed)}`,
        'ours ÷ seed ≤ 0.7',
        verdict(Number.isFinite(depOursOverSeed), depOursOverSeed <= 0.7),
      ],
      [
        '7',
        '`docker stop` (SIGTERM to PID 1)',
        s(stopOurs),
        `seed final ${s(median(stop.seed))} (app.py with debug=True) / ${s(median(stop.seedNoDebug))} (without) · docker init ${s(median(stop.init))}`,
        '< 1 s',
        verdict(stop.ours.length > 0, stopOurs < 1),
      ],
    ],
  );

  const codeEditTable = table(
    [
      'Dockerfile',
      'cold build',
      'rebuild after edit',
      'rebuild ÷ cold',
      'leading layers identical',
      'dependency layers reused',
      'CEO reference',
    ],
    (['ours', 'counter', 'seed', 'init'] as const).map((variant) => {
      const runs = codeEdit[variant];
      const ref = { ours: '—', counter: '0.93–1.06', seed: '0.10–0.12', init: '0.05–0.06' }[variant];
      const layers = runs.length
        ? `${runs[0].shared} of ${runs[0].total} (pip step ends at layer ${runs[0].depsLayers})`
        : 'n/a';
      return [
        LABELS[variant],
        s(coldMedian(variant), 1) +
          range(
            runs.map((x) => x.cold),
            (n) => n.toFixed(1),
          ),
        s(median(runs.map((x) => x.rebuild))) +
          range(
            runs.map((x) => x.rebuild),
            (n) => n.toFixed(2),
          ),
        r(ratio(variant)) +
          range(
            runs.map((x) => x.ratio),
            r,
          ),
        layers,
        runs.length ? `${runs.filter((x) => x.reused).length}/${runs.length} runs` : 'n/a',
        ref,
      ];
    }),
  );

  const text = `# Benchmarks

Measured by \`npm run bench\` (scripts/bench/) on this machine, in one run, with the same engine, the
same base image (the local \`python:3.13-slim\` stand-in) and the same sample Flask app for every
Dockerfile. Every figure is the median of ${machine.runs} runs unless it is deterministic (bytes).
Rerun with:

\`\`\`sh
npm run bench                 # BENCH_RUNS=5 npm run bench for more runs
\`\`\`

Needs a running engine with BuildKit (\`SLIM_DOCKER_ENGINE\`, default \`/usr/bin/docker\`), the stand-in
base images (\`npx tsx scripts/stand-ins/build.ts python:3.13-slim\`), and the npm registry (for @flydotio/dockerfile).

## Machine

| | |
|---|---|
| date | ${machine.date} |
| nproc | ${machine.nproc} (${machine.cpu}) |
| memory | ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB |
| engine | ${machine.engine}, \`--network host\` for every build and run |
| Node | ${machine.node} |
| load average (1/5/15 min) | before ${machine.loadBefore}; after ${machine.loadAfter} |
| bench runtime | ${machine.runtimeSeconds ? `${(machine.runtimeSeconds / 60).toFixed(1)} min` : 'n/a'} |

The machine is shared (other builds and tests ran at the same time), so absolute seconds are noisy;
ratios taken within one run are the figures to compare.

## Summary

${summary}

${results.errors.length ? `**Errors during this run** (those figures are missing):\n\n${results.errors.map((e) => `- ${e.split('\n')[0]}`).join('\n')}\n` : ''}
## 1. Rebuild after a code edit ÷ cold build

Cold = \`docker build --no-cache\`; rebuild = the greeting in \`app.py\` edited (a new string every
run) and built again with the layer cache. "Dependency layers reused": the Dockerfile cut right after
its pip step is built from the cache; its layer digests (\`RootFS.Layers\`) must be the leading layers
of both the cold and the edited image.

${codeEditTable}

The rebuild is already down to the engine's fixed cost per build (context transfer, solve, image
export and tagging: ${s(median(codeEdit.ours.map((x) => x.rebuild)))} for ours here), so the ratio is bounded by
that cost ÷ the cold build; a ≤ 0.05 ratio needs a cold build of at least 20 × that cost.

Note: BuildKit cache mounts survive \`--no-cache\`, so ours and docker init's "cold" builds read pip's
wheels from the mount (as on any developer machine after the first build) while the seed's files
(\`--no-cache-dir\`) download them every time; the cold builds are not quite equal work. Downloads
are quick on this machine, so the absolute rebuild times are worth comparing too.

## 2. Image size

| base | ours | seed's final | docker init | counter-example | base image |
|---|---|---|---|---|---|
| slim (\`python:3.13-slim\`) | ${mb(sizes.slim.ours)} | ${mb(sizes.slim.seed)} | ${mb(sizes.slim.init)} | ${mb(sizes.slim.counter)} | ${mb(sizes.slimBase)} |
| full (\`python:3.13\`) | ${mb(sizes.full.ours)} | ${mb(sizes.full.seed)} | — | — | ${mb(sizes.fullBase)} |
| alpine | not built: Alpine images cannot be made from Debian packages and there is no registry here | | | | |

Sizes are stand-in sizes (\`docker image inspect\` .Size, decimal MB), not the official images'.
No size target was set; ours ÷ seed's final: slim ${r((sizes.slim.ours ?? NaN) / (sizes.slim.seed ?? NaN))}, full ${r((sizes.full.ours ?? NaN) / (sizes.full.seed ?? NaN))}.

## 3. Build context

A copy of the generated project plus a 50 MB \`.git\` (5 × 10 MB random bytes) and a 100 MB \`.venv\`
(10 × 10 MB). Source = every file that is in neither (Dockerfile, .dockerignore, app.py,
requirements.txt, .yo-rc.json): ${context.sourceBytes ?? 'n/a'} bytes. "Engine" is BuildKit's own
\`transferring context\` figure (decimal units, rounded by BuildKit); "walked" is the sum of included
file bytes by \`src/verify/context.ts\` (Docker's matching rules).

| | engine received | walked (file bytes) | engine ÷ walked | ÷ source bytes (engine) |
|---|---|---|---|---|
| with our .dockerignore | ${kb(context.withIgnore?.engine)} | ${kb(context.withIgnore?.walked)} | ${r((context.withIgnore?.engine ?? NaN) / (context.withIgnore?.walked ?? NaN))} | ${r(contextRatio)} |
| without a .dockerignore | ${mb(context.withoutIgnore?.engine)} | ${mb(context.withoutIgnore?.walked)} | ${r((context.withoutIgnore?.engine ?? NaN) / (context.withoutIgnore?.walked ?? NaN))} | ${r((context.withoutIgnore?.engine ?? NaN) / (context.sourceBytes ?? NaN))} |

The .dockerignore keeps out the Dockerfile, .dockerignore and .yo-rc.json too, so the engine receives
less than the source bytes; what it does receive carries a little transfer metadata on top of the file
bytes (the "engine ÷ walked" column).

## 4. Generation time (no verification)

| tool | median wall time | runs |
|---|---|---|
| ours: \`node dist/src/cli.js --yes --skip-verify\` — ${oursGenNote} | ${s(genOurs)} | ${generation.ours.map((x) => x.toFixed(2)).join(', ')} |
| @flydotio/dockerfile ${generation.flyVersion ?? ''}: its CLI (\`dockerfile --force\`, run with node directly, no npx lookup) on a tiny Express app with package-lock.json | ${s(genFly)} | ${generation.fly.map((x) => x.toFixed(2)).join(', ')} |
| for reference: \`import('yeoman-environment')\` alone | ${s(median(generation.yeomanImport))} | ${generation.yeomanImport.map((x) => x.toFixed(2)).join(', ')} |

Most of our time is loading the framework: importing yeoman-environment alone takes
${s(median(generation.yeomanImport))} of our ${s(genOurs)}; @flydotio/dockerfile is a plain script (EJS templates).

${generation.oursNode === false ? `\`--language node\` answered: \`${generation.oursNodeMessage ?? ''}\`\n` : ''}
## 5. Verification overhead

\`node dist/src/cli.js verify DIR --report r.json\` (SLIM_DOCKER_ENGINE=${machine.engine.split(':')[0]}, SLIM_DOCKER_NETWORK=host)
on the generated sample; overhead = wall time − the report's \`coldBuildSeconds\`. It covers the
cache-proof rebuild and two cut-at-pip builds, the run, HTTP, healthcheck, \`docker stop\`, an export
for the secrets check and cleanup.

| run | wall | cold build | overhead | verification |
|---|---|---|---|---|
${verify.map((v, i) => `| ${i + 1} | ${s(v.wall, 1)} | ${s(v.cold, 1)} | ${s(v.overhead, 1)} | ${v.failed.length ? `failed (not counted): ${v.failed.join('; ').replace(/\|/g, '/')}` : 'verified'} |`).join('\n')}
| **median** (verified runs) | | | **${s(verifyOverhead, 1)}** | |

Each run verifies a distinct copy (app.py carries a comment with the run id). A run that fails a
check is listed but not counted. The "dependency layers reused" check has failed on this machine
when the engine already held an earlier build of the same dependency step (verifying the same folder
twice in a row failed every second run; it can also follow this bench's own builds): the
\`--no-cache\` cold build makes new dependency layers while the later cached builds reuse the earlier
ones. That is a flaw in the verifier's check, not in the Dockerfile (figure 1 shows the layers reused).

## 6. Rebuild after adding one dependency

\`six==1.17.0\` appended to requirements.txt (plus a comment unique to the run, so every run misses the
layer cache) and rebuilt with the cache of the original build; each rebuild is paired with a
\`--no-cache\` build of the same folder right after it. After the first run ever on a machine, our pip
cache mount already holds six's wheel — that is the mount doing its job; the seed's \`--no-cache-dir\`
install downloads everything.

| Dockerfile | rebuild (median) | cold (median) | rebuild ÷ cold (median of runs) |
|---|---|---|---|
| ours | ${s(depRebuild('ours'), 1)}${range(
    addDependency.ours.map((x) => x.rebuild),
    (n) => n.toFixed(1),
  )} | ${s(median(addDependency.ours.map((x) => x.cold)), 1)} | ${r(depRatio('ours'))}${range(
    addDependency.ours.map((x) => x.ratio),
    r,
  )} |
| seed's final | ${s(depRebuild('seed'), 1)}${range(
    addDependency.seed.map((x) => x.rebuild),
    (n) => n.toFixed(1),
  )} | ${s(median(addDependency.seed.map((x) => x.cold)), 1)} | ${r(depRatio('seed'))}${range(
    addDependency.seed.map((x) => x.ratio),
    r,
  )} |
| **ours ÷ seed** | ${r(depRebuild('ours') / depRebuild('seed'))} (absolute) | | **${r(depOursOverSeed)}** |
${
  depOursOverSeed > 0.7
    ? `
Missed: both files rerun \`pip install\` for every package when requirements.txt changes; the cache
mount only saves the downloads. Here downloads are a small part (a fast link to PyPI; installing the
wheels is CPU work on a busy 2-core machine), so the mount buys little. And since our paired cold
build reads the same warm mount, our rebuild ÷ cold is close to 1 by construction; the absolute
rebuild times (ours ÷ seed ${r(depRebuild('ours') / depRebuild('seed'))}) are the fairer comparison${depRebuild('ours') / depRebuild('seed') > 0.7 ? ', and they miss 0.7 as well' : ', and by them ours meets 0.7'}.
`
    : depRebuild('ours') / depRebuild('seed') > 0.7
      ? `
Met on the defined ratio, but the absolute rebuild times are close (ours ÷ seed
${r(depRebuild('ours') / depRebuild('seed'))}): the margin comes from the cold builds, not from a faster
rebuild — both files rerun \`pip install\` for every package, the cache mount only saves downloads.
`
      : ''
}

## 7. \`docker stop\`

Each image runs (\`docker run --detach --network host\`, nothing else) on port ${machine.port}; once
\`GET /\` answers, \`docker stop\` (SIGTERM, 10 s grace) is timed. The seed's \`python app.py\` depends
on the app.py: our sample's \`__main__\` (local development) passes \`debug=True\`, which starts
Werkzeug's reloader, and the reloader exits on SIGTERM; a plain \`app.run(...)\` ignores SIGTERM as
PID 1 and is killed after the grace period. Both are shown.

| image | CMD | median | runs | CEO reference |
|---|---|---|---|---|
| ours | exec form, gunicorn is PID 1 | ${s(stopOurs)} | ${stop.ours.map((x) => x.toFixed(2)).join(', ')} | — |
| seed's final, our sample app.py (\`debug=True\`) | \`["python", "app.py"]\`: Werkzeug's reloader is PID 1 and exits on SIGTERM | ${s(median(stop.seed))} | ${stop.seed.map((x) => x.toFixed(2)).join(', ')} | — |
| seed's final, app.py without \`debug=True\` | \`["python", "app.py"]\`: Flask's server is PID 1 with no SIGTERM handler | ${s(median(stop.seedNoDebug))} | ${stop.seedNoDebug.map((x) => x.toFixed(2)).join(', ')} | 10.1 s |
| docker init | shell form: \`/bin/sh -c\` is PID 1 | ${s(median(stop.init))} | ${stop.init.map((x) => x.toFixed(2)).join(', ')} | 10.1 s |

## The Dockerfiles compared

${Object.entries(results.notes.competitors)
  .map(([label, note]) => `- **${label}**: ${note}.`)
  .join('\n')}
- **ours**: rendered by \`node dist/src/cli.js --yes --skip-verify --sample-app\` (slim, and \`--base full\` for figure 2).

All four use the same \`app.py\` and \`requirements.txt\` (Flask 3.1.3, gunicorn 27.0.1) rendered by the
generator. Their texts are in \`scripts/bench/competitors.ts\`.
`;
  // Sections measured separately (startup: `npm run bench:startup`; verifier: the load e2e) are kept as they are.
  const previous = await readFile(path, 'utf8').catch(() => '');
  const kept = [...previous.matchAll(/<!-- (\w+):begin[\s\S]*?<!-- \1:end -->/g)].map((match) => match[0]);
  await writeFile(path, kept.length ? `${text.trimEnd()}\n\n${kept.join('\n\n')}\n` : text);
  return summary;
}
