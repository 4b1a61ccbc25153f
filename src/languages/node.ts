import { detectNode, type NodeExtra } from './node-detect.js';
import { nodeStart } from './start-command.js';
import { builtFramework, NEXT_BIN, sourceOf } from './node-build.js';
import { installPlan } from './node-managers.js';
import { SERVER_FRAMEWORK_IDS } from './node-frameworks.js';
import { UNLOCKED_INSTALL } from './node-unlocked.js';
import { newFolderFrameworkProblem, sampleFilesOf, sampleFrameworksOf, samplePins } from './samples.js';
import type { LanguagePack } from './types.js';
import { appendAtEnd } from './edit.js';

/** Frameworks whose final stage is not node + node_modules + code: their own Dockerfile template. */
const FRAMEWORK_TEMPLATES: Record<string, string> = {
  vite: 'node/static-site.Dockerfile.ejs',
  next: 'node/next.Dockerfile.ejs',
};

const TAG_SUFFIX: Record<string, string> = { slim: '-slim', alpine: '-alpine', full: '' };

/** Pinned release for the Express sample's package.json (samples.ts holds every sample's pins). */
export const NODE_PINS = samplePins('node', 'express') as { readonly express: string };

/** The official node images' own unprivileged user: `node`, uid/gid 1000 in every variant (slim, alpine, full). */
export const NODE_USER = { name: 'node', uid: 1000 } as const;

/** The lockfile for the sample app: resolved on the host, no scripts run, no node_modules written. */
export const NODE_LOCK_COMMAND = [
  'npm',
  'install',
  '--package-lock-only',
  '--ignore-scripts',
  '--no-audit',
  '--no-fund',
] as const;

/**
 * In an npm workspace root: the workspace holding the entry file (installed with `--workspace`, run
 * from its folder), every workspace's package.json (npm ci checks them against the lockfile), and the
 * entry file relative to the workspace folder.
 */
function workspaceData(entrypoint: string, workspaces: readonly string[]) {
  const workspace = workspaces.find((dir) => entrypoint.startsWith(`${dir}/`));
  return {
    workspace,
    workspaceManifests: workspaces.map((dir) => `${dir}/package.json`),
    entryFile: workspace ? entrypoint.slice(workspace.length + 1) : entrypoint,
  };
}

export const node: LanguagePack<NodeExtra, 'node'> = {
  id: 'node',
  label: 'Node.js',
  // vite: a static single-page app, built by Vite and served by busybox httpd (node-build.ts).
  // fastify, nest (NestJS), koa, hapi, hono and plain node:http (node-frameworks.ts): servers with the
  // same Dockerfile as express; a new folder gets only the frameworks with a sample app of their own (samples.ts).
  frameworks: [...SERVER_FRAMEWORK_IDS, 'vite', 'next'],
  sampleFrameworks: sampleFrameworksOf('node'),
  defaultFramework: 'express',
  // LTS lines only (odd majors never become LTS). 20 reached end of life on 2026-04-30; it stays
  // selectable because it is the release Debian trixie ships (the test stand-ins are made from it).
  // 26 is the Active LTS since 2026-10-28 (24 is Maintenance LTS).
  versions: ['20', '22', '24', '26'],
  defaultVersion: '26',
  versionForm: 'N (major only)',
  defaultPort: 3000,
  bases: [
    { id: 'slim', hint: 'Debian slim, ~200 MB: small, glibc, no surprises (recommended)' },
    { id: 'alpine', hint: '~130 MB, but musl libc: packages with native addons may break or build from source' },
    { id: 'full', hint: '~1 GB: compilers, python3 and build tools for native addons included' },
  ],
  defaultBase: 'slim',
  baseImage: (version, base) => `node:${version}${TAG_SUFFIX[base]}`,
  files: (answers) => [
    {
      template: FRAMEWORK_TEMPLATES[answers.framework] ?? 'node/Dockerfile.ejs',
      destination: 'Dockerfile',
      kind: 'dockerfile',
    },
    { template: 'node/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore' },
  ],
  sampleFiles: (answers) => sampleFilesOf('node', answers.framework),
  // The image's own `node` user replaces the generic app user: no useradd layer needed.
  imageUser: NODE_USER,
  templateData: (answers, project) => ({
    imageTag: `\${NODE_VERSION}${TAG_SUFFIX[answers.base]}`,
    ...workspaceData(answers.entrypoint, project?.extra.workspaces ?? []),
    pins: samplePins('node', answers.framework),
    buildSecrets: project?.extra.buildSecrets ?? [],
    // The env var the app reads its port from (PORT unless its code names another).
    portEnv: project?.portEnv ?? 'PORT',
    portEnvFound: project?.portEnv !== undefined,
    statePaths: project?.statePaths ?? [],
    stateIgnore: project?.extra.stateIgnore ?? [],
    nativeDependencies: project?.extra.nativeDependencies ?? [],
    // The full image has the compilers already; slim and alpine build native addons in a stage of their own.
    buildStage: (project?.extra.nativeDependencies?.length ?? 0) > 0 && answers.base !== 'full',
    // Another manager than npm, or a build step: install (and build) in earlier stages (node-managers.ts).
    install: installPlan(project?.extra.manager),
    // No lockfile (node-unlocked.ts): `npm install` keyed on package.json alone.
    unlockedInstall: project?.extra.unlocked ? UNLOCKED_INSTALL : undefined,
    // No package.json (node-bare.ts): node's built-in modules only, no install step at all.
    noPackageJson: project?.extra.noPackageJson === true,
    build: project?.extra.build,
    stages: (project?.extra.manager && project.extra.manager.id !== 'npm') || project?.extra.build !== undefined,
    // The env var the code reads its listen address from: set to 0.0.0.0 so the port is reachable from outside.
    hostEnv: project?.extra.hostEnv,
    // fastify-cli's own script under node (never `npm start`): it listens on FASTIFY_ADDRESS:FASTIFY_PORT.
    fastifyCli: project?.extra.fastifyCli,
    command: project?.extra.fastifyCli
      ? ['node', '/app/node_modules/fastify-cli/cli.js', 'start', ...project.extra.fastifyCli]
      : project?.extra.build?.kind === 'next-server'
        ? ['node', NEXT_BIN, 'start', '--hostname', '0.0.0.0']
        : undefined,
  }),
  detect: (files) => detectNode(files, node.versions),
  samplePackageManager: 'npm',
  sampleEntrypoint: 'server.js',
  entrypointForm:
    'a .js/.mjs/.cjs file inside the project (e.g. server.js, src/index.js), a bin/ script (bin/www), or index.html for a static site',
  // express-generator apps start with `node ./bin/www`: a JavaScript file without an extension, in bin/.
  checkEntrypoint: (value) =>
    /^(?!\/)(?!.*\.\.)(?:[\w./-]+\.(?:[cm]?js|html)|(?:[\w.-]+\/)*bin\/[\w-]+)$/.test(value)
      ? undefined
      : 'is not a relative .js file path (or bin/ script) inside the project',
  // A compiled entry (dist/server.js) is not in the source: its TypeScript file is (src/server.ts).
  entryFiles: (entrypoint, project) =>
    project?.extra.build?.editFile
      ? [project.extra.build.editFile]
      : entrypoint.includes('/')
        ? [entrypoint, sourceOf(entrypoint, entrypoint.split('/')[0])]
        : [entrypoint],
  // Vite and Next.js are build steps of an existing project: no sample, and no other template for one.
  // A server framework without a sample of its own (nest) is for existing projects only.
  frameworkProblem: (framework, project) => {
    const built = builtFramework(project?.extra.build);
    if (built === framework || (built === undefined && !(framework in FRAMEWORK_TEMPLATES)))
      return newFolderFrameworkProblem('node', 'Node.js', framework, project);
    return built
      ? `this project builds with ${built} (package.json scripts.build), so its Dockerfile is the ${built} one: leave out --framework or pass ${built}`
      : `${framework} needs an existing ${framework === 'vite' ? 'Vite' : 'Next.js'} project with a build script (no sample app exists for it): use ${sampleFrameworksOf('node').join(' or ')} for a new folder`;
  },
  // busybox httpd runs unprivileged, so a static site gets an unprivileged web port.
  portFor: (framework) => (framework === 'vite' ? 8080 : 3000),
  startCommand: (argv) => nodeStart(argv),
  sampleInstall: {
    command: NODE_LOCK_COMMAND,
    purpose: 'create package-lock.json, so the image installs exactly the tested dependency tree',
    creates: 'package-lock.json',
  },
  // Lockfiles alone do not make a Node project, but they say which package manager it uses (issue 4).
  markerFiles: [
    'package.json',
    'package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lock',
    'bun.lockb',
  ],
  lint: {
    // Bare `yarn` installs too; `yarn run build` does not.
    dependencyInstall:
      /\bnpm (?:ci|install)\b|\byarn(?: install| workspaces focus)?(?=\s*(?:$|&&|;|\||-))|\bpnpm (?:install|i)\b|\bbun install\b/,
    devServers: [
      [
        /^\[?"?(npm|yarn|pnpm|bun)"?\b/,
        'a package manager as PID 1 does not pass SIGTERM on reliably; run node directly',
      ],
      [/\bnodemon\b/, 'nodemon is a development watcher'],
    ],
  },
  sample: {
    greetingFile: 'server.js',
    greeting: (appName) => `Hello from ${appName}!`,
  },
  verification: {
    dependencyStep:
      /\bnpm ci\b|\bnpm install --omit=dev\b|\byarn install\b|\byarn workspaces focus\b|\bpnpm install\b|\bbun install\b/,
    entrySourceFiles: ['server.js', 'index.js', 'app.js', 'main.js', 'src/index.js', 'src/server.js'],
    commentPrefix: '//',
    smokePath: '/',
    healthPath: '/health',
    // Express, Koa's router, Hono: `.get('/x'`; hapi: `method: 'GET', path: '/x'`; node:http: `req.url === '/x'`.
    routes:
      /(?:\.(?:get|all)\(\s*|\bmethod\s*:\s*["'](?:GET|\*)["']\s*,\s*path\s*:\s*|\b(?:req\.url|request\.url|url|pathname)\s*===?\s*)["'`](\/[^"'`:*({]*)["'`]/g,
    sourceExtension: '.js',
    // One blank line before it: prettier keeps one (never two).
    editSource: (text, marker) => appendAtEnd(text, [`// ${marker}`], 1),
  },
};
