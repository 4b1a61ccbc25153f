/**
 * Build local stand-ins for the official base images that generated Dockerfiles use.
 *
 * There is no container registry here, but Debian's packages (and the npm registry and the Go
 * module proxy) are reachable. Each stand-in is an mmdebstrap rootfs (cached tarball) ->
 * `docker import` -> the small Dockerfile of its recipe (scripts/stand-ins/recipes.ts), tagged with
 * the exact official tag and labelled org.slim-docker.stand-in=true. A stand-in carries the language
 * version its tag says (checked inside the image after every build).
 *
 * Usage: npx tsx scripts/stand-ins/build.ts [options] all | TAG...
 *   all          every known tag (see --list)
 *   --list       print the known tags (canonical, then aliases) and exit
 *   --rebuild    rebuild the requested stand-ins (cached rootfs tarballs are reused)
 *   --refresh    also re-run mmdebstrap (fresh Debian packages) for the requested stand-ins
 *   --verify     afterwards, run each requested stand-in's smoke tests (pip install flask, npm ci,
 *                go build with a module dependency, apt-get, a Go/C++ probe as nonroot in distroless)
 *
 * Rules it keeps:
 * - An image with the tag that is not a stand-in made for that tag (a real, pulled image, or one
 *   built FROM a stand-in, which inherits its labels) is never overwritten: skipped with a message.
 *   Stand-ins carry org.slim-docker.stand-in=true, ...stand-in.of=<tag>, ...stand-in.recipe=<hash>.
 * - An existing stand-in is rebuilt only when its recipe hash changed (recipe data, rendered
 *   Dockerfile, files, Debian mirror, the machine's CA bundle) or on --rebuild/--refresh.
 * - Network: builds and runs use --network host only; no bridge network is ever created.
 * - Every wait is bounded (timeouts on every command, a bounded lock wait).
 * - Alpine tags and versions with no source here are refused, never faked.
 *
 * Exit status: 0 every requested tag is available; 1 a build or check failed; 2 a requested tag is
 * not supported (the supported ones are still built).
 *
 * Environment: SLIM_DOCKER_ENGINE (default /usr/bin/docker: Debian's 20.10 client, native BuildKit),
 * SLIM_DOCKER_STAND_IN_CACHE (default /var/cache/slim-docker-stand-ins), SLIM_DOCKER_DEBIAN_MIRROR /
 * SLIM_DOCKER_SECURITY_MIRROR (default: what this machine's apt uses), SLIM_DOCKER_CA_BUNDLE
 * (default /etc/ssl/certs/ca-certificates.crt).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa, type Options } from 'execa';
import { CA_CONTEXT_FILE, allRecipes, knownTags, recipeFor, refusalFor, type Recipe, type Smoke } from './recipes.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPTS = dirname(HERE);
const OVERLAY = join(HERE, 'rootfs-overlay');

const ENGINE = process.env.SLIM_DOCKER_ENGINE || '/usr/bin/docker';
const CACHE = process.env.SLIM_DOCKER_STAND_IN_CACHE || '/var/cache/slim-docker-stand-ins';
const HOST_BUNDLE = process.env.SLIM_DOCKER_CA_BUNDLE || '/etc/ssl/certs/ca-certificates.crt';
const LABEL = 'org.slim-docker.stand-in';
/** Imported rootfs images: slim-docker-stand-in-rootfs:<suite>-<rootfs key>. */
const BASE_REPO = 'slim-docker-stand-in-rootfs';
/** Bump to rebuild every stand-in (part of every recipe hash). */
const BUILDER_VERSION = 2;

const MINUTE = 60_000;
const PROXY_VARS = ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'].filter(
  (v) => process.env[v],
);

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const T0 = Date.now();
const secs = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

class Progress {
  readonly start = Date.now();
  constructor(readonly tag: string) {}
  say(message: string): void {
    console.log(`${this.tag} [${secs(this.start).padStart(6)}s] ${message}`);
  }
  /** Runs a long step, saying when it starts and ends and every 30 s in between. */
  async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    const began = Date.now();
    this.say(`${label} ...`);
    const beat = setInterval(() => this.say(`  ... ${label}: still running (${secs(began)}s)`), 30_000);
    try {
      const value = await work();
      this.say(`  ${label}: done in ${secs(began)}s`);
      return value;
    } finally {
      clearInterval(beat);
    }
  }
}

class BuildError extends Error {}

// ---------------------------------------------------------------------------------------------
// Commands (every one bounded by a timeout)
// ---------------------------------------------------------------------------------------------

type RunOptions = Options & { timeout: number };

function run(file: string, args: readonly string[], options: RunOptions) {
  return execa(file, args, { forceKillAfterDelay: 5000, ...options });
}

/** Runs quietly into a log file; on failure shows the log's last 40 lines and throws. */
async function runLogged(log: string, file: string, args: readonly string[], options: RunOptions): Promise<void> {
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'w');
  try {
    const result = await execa(file, args, {
      forceKillAfterDelay: 5000,
      ...options,
      stdin: 'ignore',
      stdout: fd,
      stderr: fd,
      reject: false,
    } as Options);
    if (result.failed) {
      const lines = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-40);
      console.error(`---- last 40 lines of ${log} ----\n${lines.join('\n')}\n----`);
      throw new BuildError(
        `${basename(file)} ${result.timedOut ? `timed out after ${options.timeout / 1000}s` : `failed (exit ${result.exitCode})`}; log ${log}`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

const docker = (args: readonly string[], options: Partial<RunOptions> = {}) =>
  run(ENGINE, args, { timeout: 2 * MINUTE, ...options });
const dockerRunArgs = (extra: readonly string[] = []) => [
  'run',
  '--rm',
  '--network',
  'host',
  ...PROXY_VARS.flatMap((v) => ['-e', v]),
  ...extra,
];

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const safeName = (tag: string) => tag.replace(/[^A-Za-z0-9.-]/g, '_');

// ---------------------------------------------------------------------------------------------
// Debian mirrors: the ones this machine's apt uses, so mmdebstrap goes where apt already goes
// ---------------------------------------------------------------------------------------------

interface Mirrors {
  main: string;
  security: string;
}

function detectMirrors(): Mirrors {
  let codename = '';
  try {
    codename = /^VERSION_CODENAME=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.replace(/"/g, '') ?? '';
  } catch {
    // no os-release: defaults below
  }
  let main = '';
  let security = '';
  if (codename) {
    // deb822 stanzas: one listing the host's codename gives the main mirror, <codename>-security the other.
    const dir = '/etc/apt/sources.list.d';
    const sources = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.sources'))
          .map((f) => join(dir, f))
      : [];
    for (const file of sources) {
      for (const stanza of readFileSync(file, 'utf8').split(/\n\s*\n/)) {
        const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
        const suites = /^Suites:\s*(.*)$/m.exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
        if (!uri) continue;
        if (!main && suites.includes(codename)) main = uri;
        if (!security && suites.includes(`${codename}-security`)) security = uri;
      }
    }
    // One-line format: deb [opts] URI SUITE COMPONENTS...
    const lists = [
      '/etc/apt/sources.list',
      ...(existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.list'))
            .map((f) => join(dir, f))
        : []),
    ];
    for (const file of lists.filter((f) => existsSync(f))) {
      for (const raw of readFileSync(file, 'utf8').split('\n')) {
        const words = raw
          .replace(/#.*/, '')
          .replace(/\[[^\]]*\]/, '')
          .trim()
          .split(/\s+/);
        if (words[0] !== 'deb' || words.length < 3) continue;
        if (!main && words[2] === codename) main = words[1];
        if (!security && words[2] === `${codename}-security`) security = words[1];
      }
    }
  }
  const strip = (url: string) => url.replace(/\/+$/, '');
  return {
    main: strip(process.env.SLIM_DOCKER_DEBIAN_MIRROR || main || 'http://deb.debian.org/debian'),
    security: strip(process.env.SLIM_DOCKER_SECURITY_MIRROR || security || 'http://deb.debian.org/debian-security'),
  };
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

interface ImageInfo {
  id: string;
  size: number;
  labels: Record<string, string>;
}

/** One `docker image inspect` for many names; missing names are simply absent from the map. */
async function inspect(names: readonly string[]): Promise<Map<string, ImageInfo>> {
  const found = new Map<string, ImageInfo>();
  const unique = [...new Set(names)];
  if (!unique.length) return found;
  const result = await docker(['image', 'inspect', ...unique], { reject: false, timeout: MINUTE });
  let parsed: { Id: string; Size: number; RepoTags?: string[]; Config?: { Labels?: Record<string, string> | null } }[] =
    [];
  try {
    parsed = JSON.parse(String(result.stdout) || '[]');
  } catch {
    parsed = [];
  }
  for (const image of parsed) {
    const info = { id: image.Id, size: image.Size, labels: image.Config?.Labels ?? {} };
    for (const name of unique)
      if (image.RepoTags?.includes(name) || image.RepoTags?.includes(`${name}:latest`)) found.set(name, info);
  }
  return found;
}

/** A stand-in made for this very tag. Images built FROM a stand-in inherit its labels: `.of` must name it. */
function isStandIn(info: ImageInfo, recipe: Recipe): boolean {
  const of = info.labels[`${LABEL}.of`];
  return info.labels[LABEL] === 'true' && (of === recipe.tag || recipe.aliases.includes(of ?? ''));
}

// ---------------------------------------------------------------------------------------------
// Rootfs (mmdebstrap tarball, cached) and its imported image
// ---------------------------------------------------------------------------------------------

/** Like the official *-slim images: no docs, man pages or translations. */
const SLIM_DPKG_OPTS = [
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/groff/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/lintian/*',
  'path-exclude=/usr/share/linda/*',
  'path-exclude=/usr/share/locale/*',
].map((opt) => `--dpkgopt=${opt}`);

/** The official images' /etc/apt/sources.list.d/debian.sources. */
function debianSources(suite: string, mirrors: Mirrors): string {
  return [
    'Types: deb',
    `URIs: ${mirrors.main}`,
    `Suites: ${suite} ${suite}-updates`,
    'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    '',
    'Types: deb',
    `URIs: ${mirrors.security}`,
    `Suites: ${suite}-security`,
    'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    '',
  ].join('\n');
}

/** Bookworm's init-system-helpers pulls usrmerge (and all of perl) unless merged /usr is set up as debootstrap does. */
const suiteHooks = (suite: string) =>
  suite === 'bookworm' ? ['--hook-dir=/usr/share/mmdebstrap/hooks/maybe-merged-usr'] : [];

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

const overlayText = () =>
  listFiles(OVERLAY)
    .map((f) => `${relative(OVERLAY, f)}\n${readFileSync(f, 'utf8')}`)
    .join('\n');

/** What a rootfs tarball depends on: suite, packages, slim excludes, mirrors, hooks, apt overlay. */
function rootfsKey(recipe: Recipe, mirrors: Mirrors): string {
  return sha(
    JSON.stringify({
      suite: recipe.suite,
      packages: [...recipe.include].sort(),
      slim: recipe.slim ? SLIM_DPKG_OPTS : [],
      hooks: suiteHooks(recipe.suite),
      sources: debianSources(recipe.suite, mirrors),
      overlay: overlayText(),
    }),
  );
}

const rootfsTar = (recipe: Recipe, mirrors: Mirrors) =>
  join(CACHE, 'rootfs', `${recipe.suite}-${rootfsKey(recipe, mirrors)}.tar`);
const baseImage = (recipe: Recipe, mirrors: Mirrors) => `${BASE_REPO}:${recipe.suite}-${rootfsKey(recipe, mirrors)}`;

async function ensureHostTools(p: Progress): Promise<void> {
  const missing: string[] = [];
  const has = async (cmd: string) =>
    (await run('sh', ['-c', `command -v ${cmd}`], { timeout: 10_000, reject: false })).exitCode === 0;
  if (!(await has('mmdebstrap'))) missing.push('mmdebstrap');
  if (!(await has('dpkg-architecture'))) missing.push('dpkg-dev'); // mmdebstrap's eatmydata hook
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new BuildError(`${missing.join(', ')} missing and installing needs root`);
  await p.step(`apt-get install ${missing.join(' ')}`, async () => {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    await runLogged(
      join(CACHE, 'logs', 'apt-get.log'),
      'sh',
      ['-c', `apt-get update -q && apt-get install -y -q ${missing.join(' ')}`],
      { timeout: 15 * MINUTE, env },
    );
  });
}

class Builder {
  private readonly refreshed = new Set<string>();
  private readonly imported = new Set<string>();
  /** Work in flight, by key: tags built at once share one rootfs, one import and one host-tools install. */
  private readonly inFlight = new Map<string, Promise<string>>();

  /** Runs `work` once per key while it is in flight; a second caller waits for the first one's result. */
  private once(key: string, work: () => Promise<string>): Promise<string> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = work().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  constructor(
    readonly mirrors: Mirrors,
    readonly options: { rebuild: boolean; refresh: boolean },
  ) {}

  /** The rootfs tarball: cached by suite+packages key; built with mmdebstrap when missing (or --refresh, once per run). */
  rootfs(recipe: Recipe, p: Progress): Promise<string> {
    return this.once(`rootfs:${rootfsTar(recipe, this.mirrors)}`, () => this.makeRootfs(recipe, p));
  }

  private async makeRootfs(recipe: Recipe, p: Progress): Promise<string> {
    const tar = rootfsTar(recipe, this.mirrors);
    const key = basename(tar, '.tar');
    if (existsSync(tar) && statSync(tar).size > 0 && (!this.options.refresh || this.refreshed.has(key))) {
      p.say(`rootfs ${key}: cached (${(statSync(tar).size / 1e6).toFixed(0)} MB)`);
      return tar;
    }
    await this.once('host-tools', () => ensureHostTools(p).then(() => ''));
    const work = mkdtempSync(join(CACHE, 'work', 'overlay-'));
    const partial = join(CACHE, 'rootfs', `.partial-${key}.tar`);
    try {
      // The apt config overlay (official images' docker-* apt.conf.d files) plus debian.sources.
      await run('cp', ['-a', `${OVERLAY}/.`, work], { timeout: MINUTE });
      mkdirSync(join(work, 'etc/apt/sources.list.d'), { recursive: true });
      writeFileSync(join(work, 'etc/apt/sources.list.d/debian.sources'), debianSources(recipe.suite, this.mirrors));
      rmSync(partial, { force: true });
      const { main, security } = this.mirrors;
      const s = recipe.suite;
      await p.step(`mmdebstrap ${s} (${recipe.include.join(',')}) from ${main}`, () =>
        runLogged(
          join(CACHE, 'logs', `mmdebstrap-${key}.log`),
          'mmdebstrap',
          [
            '--variant=minbase',
            '--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata',
            ...suiteHooks(s),
            `--include=${recipe.include.join(',')}`,
            ...(recipe.slim ? SLIM_DPKG_OPTS : []),
            `--customize-hook=sync-in ${work} /`,
            '--customize-hook=rm -f "$1/etc/apt/sources.list" "$1"/var/cache/apt/*.bin',
            s,
            partial,
            `deb ${main} ${s} main`,
            `deb ${main} ${s}-updates main`,
            `deb ${security} ${s}-security main`,
          ],
          { timeout: 30 * MINUTE },
        ),
      );
      renameSync(partial, tar);
      this.refreshed.add(key);
      p.say(`rootfs ${key}: ${(statSync(tar).size / 1e6).toFixed(0)} MB`);
      return tar;
    } finally {
      rmSync(partial, { force: true });
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** The imported rootfs image the Dockerfile starts FROM (imported again after a fresh tarball). */
  base(recipe: Recipe, p: Progress): Promise<string> {
    return this.once(`base:${baseImage(recipe, this.mirrors)}`, () => this.importBase(recipe, p));
  }

  private async importBase(recipe: Recipe, p: Progress): Promise<string> {
    const image = baseImage(recipe, this.mirrors);
    const tar = await this.rootfs(recipe, p);
    const key = basename(tar, '.tar');
    if (this.imported.has(image)) return image;
    const previous = (await inspect([image])).get(image);
    if (previous && !this.refreshed.has(key)) {
      p.say(`base ${image}: imported already`);
      return image;
    }
    await p.step(`docker import ${image}`, () =>
      docker(
        [
          'import',
          '-c',
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          '-c',
          'CMD ["bash"]',
          '-c',
          `LABEL ${LABEL}=true`,
          tar,
          image,
        ],
        { timeout: 10 * MINUTE },
      ),
    );
    // The import this one replaces (--refresh), unless a stand-in still builds on it (rmi refuses then).
    if (previous) await docker(['rmi', previous.id], { reject: false });
    this.imported.add(image);
    return image;
  }
}

// ---------------------------------------------------------------------------------------------
// Runtime artifacts: Node.js release binary + npm + corepack (npm registry), Go toolchain (module proxy)
// ---------------------------------------------------------------------------------------------

/** Hard links when possible (same filesystem), a copy otherwise. */
async function linkOrCopy(source: string, target: string): Promise<void> {
  const linked = await run('cp', ['-al', source, target], { timeout: 5 * MINUTE, reject: false });
  if (linked.failed) {
    rmSync(target, { recursive: true, force: true });
    await run('cp', ['-a', source, target], { timeout: 5 * MINUTE });
  }
}

/**
 * `npm pack SPEC` into the artifact cache (the machine's npm: its registry, proxy and cafile), unpacked
 * once per resolved version. Returns the unpacked package directory and the resolved version.
 */
async function npmPackage(spec: string, p: Progress): Promise<{ dir: string; id: string }> {
  const root = join(CACHE, 'artifacts', 'npm');
  mkdirSync(root, { recursive: true });
  const packed = await p.step(`npm pack ${spec}`, () =>
    run('npm', ['pack', spec, '--pack-destination', root, '--json', '--silent'], { timeout: 10 * MINUTE }),
  );
  const [info] = JSON.parse(String(packed.stdout)) as { id: string; filename: string }[];
  const dir = join(root, info.id.replace(/[^A-Za-z0-9.@-]/g, '_'));
  if (!existsSync(join(dir, 'package.json'))) {
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    await run('tar', ['-xzf', join(root, info.filename), '-C', partial, '--strip-components=1', '--no-same-owner'], {
      timeout: 5 * MINUTE,
    });
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  }
  rmSync(join(root, info.filename), { force: true });
  return { dir, id: info.id };
}

/**
 * The host's rustup toolchain as a tar rooted at /usr/local (cached), laid out as the official image's
 * `rustup-init --profile minimal`: rustup/settings.toml (default toolchain, minimal profile),
 * rustup/toolchains/<toolchain>/ with rustc, cargo, rustdoc, the shared libraries they load, the
 * target's std and linker, and rustup's metadata for the three minimal components (so
 * `rustup target add x86_64-unknown-linux-musl` installs one more std from static.rust-lang.org, as
 * in the official image), and cargo/bin/rustup with its proxies (cargo, rustc, ... are links to it).
 * Docs (~800 MB), clippy and rustfmt stay out.
 */
async function rustToolchain(toolchain: string, p: Progress): Promise<{ tar: string; rustup: string }> {
  const root = join(CACHE, 'artifacts', 'rust');
  const rustupHome = process.env.RUSTUP_HOME || '/root/.rustup';
  // Where rustup-init puts it, else whichever rustup is on PATH (a copy is made: links are followed).
  const installed = join(process.env.CARGO_HOME || '/root/.cargo', 'bin', 'rustup');
  const onPath = async () =>
    String((await run('sh', ['-c', 'command -v rustup'], { timeout: 10_000, reject: false })).stdout).trim();
  const rustupBinary = existsSync(installed) ? installed : await onPath();
  if (!rustupBinary) throw new BuildError(`no rustup at ${installed} (CARGO_HOME/bin/rustup) or on PATH`);
  const rustup = String((await run(rustupBinary, ['--version'], { timeout: MINUTE })).stdout).split('\n')[0];
  const tar = join(root, `${toolchain}-rustup-${rustup.split(' ')[1]}-a+w.tar`);
  if (existsSync(tar)) return { tar, rustup };
  const dir = join(rustupHome, 'toolchains', toolchain);
  if (!existsSync(join(dir, 'bin', 'rustc')))
    throw new BuildError(`no rustup toolchain ${toolchain} in ${rustupHome} (rustup toolchain install ${toolchain})`);
  const version = toolchain.split('-')[0];
  const shown = String((await run(join(dir, 'bin', 'rustc'), ['--version'], { timeout: MINUTE })).stdout);
  if (!shown.startsWith(`rustc ${version} `)) throw new BuildError(`${dir}/bin/rustc --version printed: ${shown}`);
  mkdirSync(root, { recursive: true });
  const partial = `${tar}.partial`;
  const libs = readdirSync(join(dir, 'lib')).filter((name) => name.includes('.so'));
  const target = process.arch === 'x64' ? 'x86_64-unknown-linux-gnu' : '';
  if (!target)
    throw new BuildError(`${toolchain}: only x86_64-unknown-linux-gnu is staged; this machine is ${process.arch}`);

  // rustup's own files, written as rustup-init writes them for the minimal profile.
  const staging = mkdtempSync(join(CACHE, 'work', 'rustup-'));
  try {
    const rustlib = join(staging, 'rustup', 'toolchains', toolchain, 'lib', 'rustlib');
    const bin = join(staging, 'cargo', 'bin');
    mkdirSync(rustlib, { recursive: true });
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(staging, 'rustup', 'settings.toml'),
      `version = "12"\ndefault_toolchain = "${toolchain}"\nprofile = "minimal"\n\n[overrides]\n`,
    );
    const components = ['cargo', 'rust-std', 'rustc'];
    writeFileSync(join(rustlib, 'components'), components.map((pkg) => `${pkg}-${target}\n`).join(''));
    writeFileSync(
      join(rustlib, 'multirust-config.toml'),
      `config_version = "1"\n${components.map((pkg) => `\n[[components]]\npkg = "${pkg}"\ntarget = "${target}"\nis_extension = false\n`).join('')}`,
    );
    const hostRustlib = join(dir, 'lib', 'rustlib');
    for (const file of [
      'multirust-channel-manifest.toml',
      'rust-installer-version',
      ...components.map((pkg) => `manifest-${pkg}-${target}`),
    ]) {
      if (!existsSync(join(hostRustlib, file))) throw new BuildError(`${hostRustlib}/${file} is missing`);
      copyFileSync(join(hostRustlib, file), join(rustlib, file));
    }
    // A copy, never a link: the tar's a+w mode must not reach the machine's own rustup.
    copyFileSync(rustupBinary, join(bin, 'rustup'));
    for (const proxy of RUSTUP_PROXIES) symlinkSync('rustup', join(bin, proxy));
    const toolchainFiles = ['bin/cargo', 'bin/rustc', 'bin/rustdoc', ...libs.map((name) => `lib/${name}`)];
    await p.step(`tar ${rustup.split(' (')[0]} and the toolchain ${toolchain} (${dir})`, () =>
      run(
        'tar',
        [
          '--owner=0',
          '--group=0',
          '--numeric-owner',
          // World-writable as in the official image (`chmod -R a+w $RUSTUP_HOME $CARGO_HOME`), set here,
          // not by a chmod layer that would copy the whole toolchain again.
          '--mode=a+w',
          // The toolchain's own files land under rustup/toolchains/<toolchain>/ (not link targets).
          `--transform=s,^(bin|lib)/,rustup/toolchains/${toolchain}/\\1/,xS`,
          '-cf',
          partial,
          '-C',
          staging,
          'rustup',
          'cargo',
          '-C',
          dir,
          ...toolchainFiles,
          `lib/rustlib/${target}`,
        ],
        { timeout: 10 * MINUTE },
      ),
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  renameSync(partial, tar);
  return { tar, rustup };
}

/** The proxies rustup-init links in CARGO_HOME/bin (each runs the active toolchain's tool). */
const RUSTUP_PROXIES = [
  'cargo',
  'cargo-clippy',
  'cargo-fmt',
  'cargo-miri',
  'clippy-driver',
  'rls',
  'rust-analyzer',
  'rust-gdb',
  'rust-gdbgui',
  'rust-lldb',
  'rustc',
  'rustdoc',
  'rustfmt',
];

/** The Go toolchain through the module proxy, as a tarball of go/... (cached per version). */
async function goToolchain(toolchain: string, p: Progress): Promise<string> {
  const root = join(CACHE, 'artifacts', 'go');
  const tar = join(root, `${toolchain}.linux-amd64.tar`);
  if (existsSync(tar)) return tar;
  mkdirSync(root, { recursive: true });
  const partial = `${tar}.partial`;
  const env = { GOTOOLCHAIN: toolchain, GOFLAGS: '' };
  const hostGo = (await run('sh', ['-c', 'command -v go'], { timeout: 10_000, reject: false })).exitCode === 0;
  if (hostGo) {
    // `GOTOOLCHAIN=go1.27.0 go version` fetches golang.org/toolchain from the proxy; `go env GOROOT` shows where.
    const version = await p.step(`GOTOOLCHAIN=${toolchain} go version (module proxy)`, () =>
      run('go', ['version'], { env, timeout: 15 * MINUTE }),
    );
    if (!String(version.stdout).includes(`${toolchain} `))
      throw new BuildError(`GOTOOLCHAIN=${toolchain} go version printed: ${version.stdout}`);
    const goroot = String((await run('go', ['env', 'GOROOT'], { env, timeout: MINUTE })).stdout).trim();
    await run(
      'tar',
      [
        '-C',
        dirname(goroot),
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--mode=u+w',
        `--transform=s,^${basename(goroot)},go,`,
        '-cf',
        partial,
        basename(goroot),
      ],
      { timeout: 10 * MINUTE },
    );
  } else {
    // No Go on this machine: the same two commands in the golang:1.24 stand-in (Debian's Go).
    const helper = recipeFor('golang:1.24')!;
    if (!(await inspect([helper.tag])).has(helper.tag))
      throw new BuildError(
        `fetching ${toolchain} needs a Go: none on this machine, and no golang:1.24 stand-in to run one (build it first)`,
      );
    mkdirSync(root, { recursive: true });
    await p.step(`GOTOOLCHAIN=${toolchain} go version in golang:1.24 (module proxy)`, () =>
      docker(
        [
          ...dockerRunArgs(['-e', `GOTOOLCHAIN=${toolchain}`, '-v', `${root}:/out`]),
          helper.tag,
          'sh',
          '-c',
          `go version && r=$(go env GOROOT) && tar -C "$(dirname "$r")" --owner=0 --group=0 --numeric-owner --mode=u+w --transform="s,^$(basename "$r"),go," -cf /out/${basename(partial)} "$(basename "$r")"`,
        ],
        { timeout: 15 * MINUTE },
      ),
    );
  }
  renameSync(partial, tar);
  return tar;
}

// ---------------------------------------------------------------------------------------------
// Recipe hash and the build itself
// ---------------------------------------------------------------------------------------------

function contextFileText(recipe: Recipe): string {
  return Object.keys(recipe.contextFiles)
    .sort()
    .map((f) => `${f}\n${readFileSync(join(HERE, f), 'utf8')}`)
    .join('\n');
}

/** Changes whenever anything that goes into the stand-in changes. */
function recipeHash(recipe: Recipe, mirrors: Mirrors): string {
  // Smoke tests (--verify) do not change the image: left out, so editing them rebuilds nothing.
  const data = JSON.stringify({ ...recipe, smoke: undefined }, (_key, value) =>
    value instanceof RegExp ? value.toString() : value,
  );
  return sha(
    [
      `v${BUILDER_VERSION}`,
      data,
      rootfsKey(recipe, mirrors),
      contextFileText(recipe),
      sha(readFileSync(HOST_BUNDLE)),
    ].join('\n'),
  );
}

/** Stages the build context: Dockerfile, the machine's CA bundle, runtime artifacts, recipe files. */
async function stageContext(recipe: Recipe, ctx: string, p: Progress): Promise<string[]> {
  writeFileSync(join(ctx, 'Dockerfile'), recipe.dockerfile);
  writeFileSync(join(ctx, CA_CONTEXT_FILE), readFileSync(HOST_BUNDLE));
  for (const file of Object.keys(recipe.contextFiles))
    await run('cp', ['-p', join(HERE, file), join(ctx, file)], { timeout: MINUTE });
  const labels: string[] = [];
  const runtime = recipe.runtime;
  if (runtime.from === 'npm-release') {
    if (process.arch !== 'x64')
      throw new BuildError(`${runtime.node} is the x64 release binary; this machine is ${process.arch}`);
    const nodePackage = await npmPackage(runtime.node, p);
    await linkOrCopy(join(nodePackage.dir, 'bin', 'node'), join(ctx, 'node'));
    if (runtime.headers) await linkOrCopy(join(nodePackage.dir, 'include', 'node'), join(ctx, 'include'));
    const npm = await npmPackage(runtime.npm, p);
    await linkOrCopy(npm.dir, join(ctx, 'npm'));
    const corepack = await npmPackage(runtime.corepack, p);
    await linkOrCopy(corepack.dir, join(ctx, 'corepack'));
    labels.push(`${LABEL}.runtime=${nodePackage.id} ${npm.id} ${corepack.id}`);
  } else if (runtime.from === 'go-proxy') {
    if (process.arch !== 'x64')
      throw new BuildError(`${runtime.toolchain}: only linux-amd64 is fetched; this machine is ${process.arch}`);
    await linkOrCopy(await goToolchain(runtime.toolchain, p), join(ctx, 'go.tar'));
    labels.push(`${LABEL}.runtime=golang.org/toolchain@v0.0.1-${runtime.toolchain}.linux-amd64`);
  } else if (runtime.from === 'rustup-host') {
    const { tar, rustup } = await rustToolchain(runtime.toolchain, p);
    await linkOrCopy(tar, join(ctx, 'rust.tar'));
    labels.push(`${LABEL}.runtime=${rustup.split(' (')[0]} and toolchain ${runtime.toolchain} (this machine's)`);
  }
  return labels;
}

async function buildImage(recipe: Recipe, hash: string, builder: Builder, p: Progress): Promise<void> {
  const base = await builder.base(recipe, p);
  mkdirSync(join(CACHE, 'work'), { recursive: true });
  const ctx = mkdtempSync(join(CACHE, 'work', `ctx-${safeName(recipe.tag)}-`));
  try {
    const extraLabels = await stageContext(recipe, ctx, p);
    const args = [
      'build',
      '--network',
      'host',
      '--progress=plain',
      '--build-arg',
      `BASE=${base}`,
      ...PROXY_VARS.flatMap((v) => ['--build-arg', v]),
      '--label',
      `${LABEL}=true`,
      '--label',
      `${LABEL}.of=${recipe.tag}`,
      '--label',
      `${LABEL}.recipe=${hash}`,
      ...extraLabels.flatMap((l) => ['--label', l]),
      '-t',
      recipe.tag,
      ctx,
    ];
    await p.step(
      `docker build ${recipe.tag} (FROM ${recipe.layout === 'files' ? `scratch, files from ${base}` : base})`,
      () =>
        runLogged(join(CACHE, 'logs', `build-${safeName(recipe.tag)}.log`), ENGINE, args, {
          timeout: 20 * MINUTE,
          env: { DOCKER_BUILDKIT: '1' },
        }),
    );
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The tag's promise, checked inside the image (cached per image ID: content-addressed, never stale)
// ---------------------------------------------------------------------------------------------

async function checkVersion(
  recipe: Recipe,
  info: ImageInfo,
): Promise<{ ok: boolean; version: string; detail: string }> {
  const cacheFile = join(CACHE, 'versions', info.id.replace(/^sha256:/, ''));
  if (existsSync(cacheFile)) return { ok: true, version: readFileSync(cacheFile, 'utf8').trim(), detail: '' };
  let version = '';
  let detail = '';
  let ok = true;
  const check = recipe.check;
  if ('run' in check) {
    const result = await docker(
      [...dockerRunArgs(['--entrypoint', '/bin/sh']), recipe.tag, '-c', `(${check.run}) 2>&1`],
      { reject: false, timeout: 2 * MINUTE },
    );
    detail = String(result.stdout).trim();
    const match = check.expect.exec(detail);
    ok = !result.failed && match !== null;
    version = match ? (match[1] ?? match[0]) : '';
  } else {
    // No shell: files copied out of a created (never started) container.
    const created = await docker(['create', '--network', 'host', recipe.tag, '/nonexistent'], { timeout: MINUTE });
    const cid = String(created.stdout).trim();
    const tmp = mkdtempSync(join(CACHE, 'work', 'check-'));
    try {
      for (const [i, file] of check.files.entries()) {
        const copied = await docker(['cp', `${cid}:${file.path}`, join(tmp, String(i))], {
          reject: false,
          timeout: MINUTE,
        });
        if (copied.failed) {
          ok = false;
          detail += `${file.path}: missing\n`;
          continue;
        }
        if (!file.expect) continue;
        const match = file.expect.exec(readFileSync(join(tmp, String(i)), 'utf8'));
        if (!match) {
          ok = false;
          detail += `${file.path}: does not match ${file.expect}\n`;
        } else if (!version) version = match[1] ?? match[0];
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      await docker(['rm', '-f', cid], { reject: false, timeout: MINUTE });
    }
    version = `${version} (files, no shell)`;
  }
  if (ok) {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, `${version}\n`);
  }
  return { ok, version, detail };
}

// ---------------------------------------------------------------------------------------------
// Per tag
// ---------------------------------------------------------------------------------------------

interface Outcome {
  tag: string;
  status: string;
  seconds: number;
  version?: string;
  ok: boolean;
  refused?: boolean;
}

/** How many stand-ins build at once (SLIM_DOCKER_STAND_IN_JOBS, default 3). */
const JOBS = Math.max(1, Number(process.env.SLIM_DOCKER_STAND_IN_JOBS) || 3);

/** Runs `work` over `items`, at most `jobs` at a time. A failed build is an outcome, not a throw; a throw rejects the pool. */
async function inPool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, worker));
}

async function processTag(
  tag: string,
  builder: Builder,
  images: Map<string, ImageInfo>,
  done: Map<string, Outcome>,
): Promise<Outcome> {
  const seen = done.get(tag);
  if (seen) return seen;
  const p = new Progress(tag);
  const finish = (o: Omit<Outcome, 'tag' | 'seconds'>): Outcome => {
    const outcome = { tag, seconds: (Date.now() - p.start) / 1000, ...o };
    done.set(tag, outcome);
    p.say(`${o.ok ? '' : '!! '}${o.status}${o.version ? ` (${o.version})` : ''}`);
    return outcome;
  };
  const recipe = recipeFor(tag);
  if (!recipe) return finish({ status: `not built: ${refusalFor(tag)}`, ok: false, refused: true });
  const existing = images.get(tag);
  if (existing && !isStandIn(existing, recipe))
    return finish({ status: 'exists and is not a stand-in (a real image): left alone', ok: true });

  if (tag !== recipe.tag) {
    // An alias: the canonical stand-in, then a second tag on the same image.
    const canonical = await processTag(recipe.tag, builder, images, done);
    if (!canonical.ok || canonical.status.startsWith('exists and is not'))
      return finish({ status: `not tagged (${recipe.tag}: ${canonical.status})`, ok: false });
    const target = (await inspect([recipe.tag])).get(recipe.tag)!;
    if (existing?.id !== target.id) await docker(['tag', recipe.tag, tag]);
    images.set(tag, target);
    return finish({ status: `alias of ${recipe.tag}`, version: canonical.version, ok: true });
  }

  const hash = recipeHash(recipe, builder.mirrors);
  if (existing && existing.labels[`${LABEL}.recipe`] === hash && !builder.options.rebuild && !builder.options.refresh) {
    const checked = await checkVersion(recipe, existing);
    if (checked.ok) return finish({ status: 'stand-in up to date', version: checked.version, ok: true });
    p.say(`up-to-date image fails its check (${checked.detail || checked.version}): rebuilding`);
  } else {
    p.say(
      existing
        ? `rebuilding stand-in (${builder.options.rebuild || builder.options.refresh ? '--rebuild/--refresh' : 'recipe changed'})`
        : 'building stand-in',
    );
  }
  try {
    await buildImage(recipe, hash, builder, p);
  } catch (error) {
    if (!(error instanceof BuildError) && !(error instanceof Error && 'timedOut' in error)) throw error;
    return finish({ status: `build FAILED: ${(error as Error).message.split('\n')[0]}`, ok: false });
  }
  const built = (await inspect([tag])).get(tag)!;
  images.set(tag, built);
  // The replaced stand-in, unless something still uses it (then rmi refuses, which is fine).
  if (existing && existing.id !== built.id) await docker(['rmi', existing.id], { reject: false });
  const checked = await checkVersion(recipe, built);
  if (!checked.ok) {
    await docker(['rmi', tag], { reject: false });
    images.delete(tag);
    return finish({
      status: `FAILED: the image does not keep the tag's promise (${checked.detail || checked.version}): removed`,
      ok: false,
    });
  }
  return finish({ status: 'built', version: checked.version, ok: true });
}

// ---------------------------------------------------------------------------------------------
// --verify: each stand-in's smoke tests (network host, through the machine's TLS proxy)
// ---------------------------------------------------------------------------------------------

async function smoke(recipe: Recipe, test: Smoke): Promise<boolean> {
  const began = Date.now();
  const log = join(CACHE, 'logs', `verify-${safeName(recipe.tag)}-${sha(test.name)}.log`);
  try {
    if ('run' in test) {
      await runLogged(
        log,
        ENGINE,
        [...dockerRunArgs(test.user ? ['--user', test.user] : []), recipe.tag, 'sh', '-c', test.run],
        { timeout: 5 * MINUTE },
      );
    } else {
      const present = await inspect(test.needs);
      const missing = test.needs.filter((t) => {
        const info = present.get(t);
        const needed = recipeFor(t);
        return !info || !needed || !isStandIn(info, needed);
      });
      if (missing.length) {
        console.log(`   skip ${recipe.tag}: ${test.name} (needs ${missing.join(', ')}: build it too)`);
        return true;
      }
      const ctx = mkdtempSync(join(CACHE, 'work', 'verify-'));
      const image = `slim-docker-stand-in-verify:${sha(recipe.tag + test.name)}`;
      try {
        writeFileSync(join(ctx, 'Dockerfile'), test.build.dockerfile);
        for (const [name, text] of Object.entries(test.build.files)) writeFileSync(join(ctx, name), text);
        await runLogged(log, ENGINE, ['build', '--network', 'host', '--progress=plain', '-t', image, ctx], {
          timeout: 10 * MINUTE,
          env: { DOCKER_BUILDKIT: '1' },
        });
        await runLogged(`${log}.run`, ENGINE, [...dockerRunArgs(), image], { timeout: 2 * MINUTE });
        writeFileSync(log, `${readFileSync(log, 'utf8')}\n---- run ----\n${readFileSync(`${log}.run`, 'utf8')}`);
      } finally {
        rmSync(ctx, { recursive: true, force: true });
        await docker(['rmi', image], { reject: false });
      }
    }
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.log(`   FAIL ${recipe.tag}: ${test.name} (${secs(began)}s, log ${log})`);
    return false;
  }
  const output =
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l && !l.startsWith('npm notice'))
      .slice(-1)[0] ?? '';
  console.log(`   ok   ${recipe.tag}: ${test.name} (${secs(began)}s) -> ${output.slice(0, 100)}`);
  return true;
}

async function verify(tags: readonly string[], images: Map<string, ImageInfo>): Promise<boolean> {
  console.log("\n==> verify (network host, through the machine's TLS proxy)");
  let ok = true;
  const recipes = [...new Set(tags.map((t) => recipeFor(t)).filter((r): r is Recipe => r !== undefined))];
  for (const recipe of recipes) {
    const info = images.get(recipe.tag);
    if (!info || !isStandIn(info, recipe)) continue;
    for (const test of recipe.smoke) ok = (await smoke(recipe, test)) && ok;
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Housekeeping: our own superseded rootfs tarballs and imported rootfs images
// ---------------------------------------------------------------------------------------------

async function dropSuperseded(mirrors: Mirrors): Promise<void> {
  const current = new Set(allRecipes().map((r) => basename(rootfsTar(r, mirrors))));
  const dir = join(CACHE, 'rootfs');
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.tar') && !file.startsWith('.') && !current.has(file)) rmSync(join(dir, file), { force: true });
  }
  const bases = new Set(allRecipes().map((r) => baseImage(r, mirrors)));
  const listed = await docker(
    ['image', 'ls', '--filter', `label=${LABEL}=true`, '--format', '{{.Repository}}:{{.Tag}}', BASE_REPO],
    { reject: false },
  );
  for (const image of String(listed.stdout).split('\n').filter(Boolean)) {
    if (!bases.has(image)) await docker(['rmi', image], { reject: false });
  }
}

// ---------------------------------------------------------------------------------------------
// Engine, lock, main
// ---------------------------------------------------------------------------------------------

async function ensureEngine(): Promise<void> {
  const answers = async () =>
    (await run(ENGINE, ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000, reject: false })).exitCode === 0;
  if (await answers()) return;
  console.log(`==> no engine answers at ${ENGINE}: scripts/engine-up.sh`);
  await run('bash', [join(SCRIPTS, 'engine-up.sh')], { timeout: 25 * MINUTE, stdio: 'inherit' });
  if (!(await answers())) throw new Error(`no Docker engine answers at ${ENGINE}`);
}

/**
 * One run at a time (two would race on the cache and the tags): flock on CACHE/lock, held by a child
 * until our stdin pipe to it closes (also when this process dies). The wait is bounded.
 */
async function lock(): Promise<() => void> {
  const holder = execa('flock', ['-w', '3600', join(CACHE, 'lock'), 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'inherit',
    reject: false,
  });
  const release = () => {
    holder.stdin?.end();
  };
  const got = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 3610_000);
    const waiting = setTimeout(
      () => console.log(`==> waiting for another stand-in build to finish (lock ${join(CACHE, 'lock')}, at most 1 h)`),
      2000,
    );
    holder.stdout?.once('data', () => {
      clearTimeout(timer);
      clearTimeout(waiting);
      resolve(true);
    });
    void holder.then(() => {
      clearTimeout(timer);
      clearTimeout(waiting);
      resolve(false);
    });
  });
  if (!got) {
    release();
    holder.kill();
    throw new Error(`another stand-in build holds ${join(CACHE, 'lock')} for over an hour`);
  }
  return release;
}

const USAGE = readFileSync(fileURLToPath(import.meta.url), 'utf8')
  .split('\n')
  .slice(1)
  .filter((_line, i, all) => all.slice(0, i + 1).every((l) => l.startsWith(' *') && !l.startsWith(' */')))
  .map((line) => line.replace(/^ \* ?/, ''))
  .join('\n');

export async function main(argv: readonly string[]): Promise<number> {
  const options = { rebuild: false, refresh: false, verify: false };
  const tags: string[] = [];
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      return 0;
    } else if (arg === '--list') {
      console.log(knownTags().join('\n'));
      return 0;
    } else if (arg === '--rebuild') options.rebuild = true;
    else if (arg === '--refresh') options.refresh = true;
    else if (arg === '--verify') options.verify = true;
    else if (arg === 'all') tags.push(...knownTags());
    else if (arg.startsWith('-')) {
      console.error(`${USAGE}\nstand-ins: unknown option ${arg}`);
      return 2;
    } else tags.push(arg);
  }
  if (!tags.length) {
    console.error(USAGE);
    return 2;
  }
  const requested = [...new Set(tags)];
  if (!existsSync(HOST_BUNDLE) || statSync(HOST_BUNDLE).size === 0)
    throw new Error(`the machine's CA bundle ${HOST_BUNDLE} is missing`);

  await ensureEngine();
  for (const dir of ['rootfs', 'logs', 'work', 'versions', 'artifacts'])
    mkdirSync(join(CACHE, dir), { recursive: true });
  const release = await lock();
  try {
    const mirrors = detectMirrors();
    const builder = new Builder(mirrors, options);
    // The canonical tags of requested aliases too: they are built (or left alone) first.
    const images = await inspect([...requested, ...requested.map((t) => recipeFor(t)?.tag ?? t)]);
    const done = new Map<string, Outcome>();
    // Canonical tags a few at a time (mmdebstrap waits on downloads as much as on the CPU), then the
    // aliases, which only tag what the first pass built.
    const canonical = [...new Set(requested.map((tag) => recipeFor(tag)?.tag ?? tag))];
    await inPool(canonical, JOBS, (tag) => processTag(tag, builder, images, done));
    for (const tag of requested) await processTag(tag, builder, images, done);
    let verified = true;
    if (options.verify) verified = await verify(requested, images);
    await dropSuperseded(mirrors);

    // Final table: tag, size, version measured inside the image, what happened, seconds.
    const final = await inspect(requested);
    console.log(`\n${'TAG'.padEnd(44)} ${'SIZE'.padStart(8)}  ${'VERSION'.padEnd(26)} ${'TIME'.padStart(7)}  STATUS`);
    for (const tag of requested) {
      const o = done.get(tag)!;
      const info = final.get(tag);
      const size = info ? `${(info.size / 1e6).toFixed(0)} MB` : '-';
      console.log(
        `${tag.padEnd(44)} ${size.padStart(8)}  ${(o.version ?? '-').padEnd(26)} ${`${o.seconds.toFixed(1)}s`.padStart(7)}  ${o.status}`,
      );
    }
    console.log(`\nmirror: ${mirrors.main} (security: ${mirrors.security}); cache: ${CACHE}; total ${secs(T0)}s`);
    const outcomes = [...done.values()];
    if (outcomes.some((o) => !o.ok && !o.refused) || !verified) return 1;
    if (outcomes.some((o) => o.refused)) return 2;
    return 0;
  } finally {
    release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`stand-ins: ERROR: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
