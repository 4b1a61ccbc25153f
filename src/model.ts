/**
 * The domain's types and nothing else: what the user answers, what detection learns, how a run
 * behaves. Every other module may import these; this one imports nothing, so it never joins a cycle.
 */

/** The answers that shape the generated files; saved in .yo-rc.json. */
export interface Answers {
  appName: string;
  /** A language pack's id (validated against the registry at the edge). */
  language: string;
  framework: string;
  /** Where the app starts: python MODULE:APP, node FILE, go package path. */
  entrypoint: string;
  runtimeVersion: string;
  port: number;
  base: string;
  sampleApp: boolean;
  buildkit: boolean;
  /** Run before the server on every start (migrations, init-db); '' for none. */
  releaseCommand?: string;
  /**
   * The start command (exec form) replacing the generated one, or only the app's arguments (go, rust,
   * java: after the binary); [] for the generated one. From --command or a platform file (Procfile …).
   */
  command?: string[];
}

/** How this run behaves; never saved (engines and paths differ between machines). */
export interface RunSettings {
  yes: boolean;
  verify: 'auto' | 'always' | 'never';
  force: boolean;
  report?: string;
  engine?: string;
  network?: string;
  keepImage: boolean;
  timeoutSeconds: number;
  /** --http-path: the path that must answer 2xx/3xx (instead of the ones verification finds). */
  httpPath?: string;
  /** --build-timeout: seconds each verification build may take. */
  buildTimeoutSeconds: number;
  /** --env-file: environment for the verification container (checked at the edge; the file is never built in). */
  envFile?: string;
  /** --config: a team config file instead of the nearest .slim-docker.json. */
  config?: string;
  /** --templates: a folder of template overrides (falls back per file to the built-in ones). */
  templates?: string;
  /** Where exact Python pins are looked up (SLIM_DOCKER_PYPI_URL) and cached; undefined: SLIM_DOCKER_OFFLINE. */
  pypi?: { index: string; cacheDir: string };
}

export type AnswerSource = 'flag' | 'locked' | 'saved' | 'detected' | 'team default' | 'default' | 'prompt';

/**
 * What detection learned about one language in the folder. `Extra` is the pack's own typed facts
 * (python's src/ layout, go's vendor folder …), read back by the same pack that wrote them.
 */
export interface LanguageFacts<Extra extends object = object> {
  language: string;
  /** The files that gave the language away (shown to the user). */
  evidence: string[];
  framework?: string;
  /** Candidate entry points, best first (python module:app, node file, go package path). */
  entrypoints: string[];
  port?: number;
  runtimeVersion?: string;
  /** Where the version came from, e.g. ".python-version". */
  versionSource?: string;
  dependencyFiles: string[];
  packageManager?: string;
  /** A production server the project's dependencies lack, installed explicitly (e.g. gunicorn==27.0.1). */
  extraPackages: string[];
  extra: Extra;
  /** Why this project cannot be served as it is, each with what to do. Blocks generation. */
  problems: string[];
  /**
   * The project's own version constraint (requires-python, engines, go.mod …): the supported versions
   * it allows and the file that says so. A --runtime-version outside it is refused at the edge.
   */
  allowedVersions?: { versions: string[]; source: string };
  /** The environment variable the app reads its port from (e.g. PORT, X_PORT), when the code says so. */
  portEnv?: string;
  /** Paths (relative to the project) the app writes at run time: made writable for the app user only. */
  statePaths?: string[];
  /** Folders and files the compiled app reads from its working directory at run time: copied next to the binary. */
  runtimeFiles?: RuntimeFile[];
  /** Migration/init commands found (e.g. `python manage.py migrate`), best first: offered as the release step. */
  releaseCommands?: string[];
  /** External services the app needs to start (a database, Redis): named when verification cannot reach them. */
  services?: Service[];
  /** Warnings for the user that do not block generation (e.g. a non-root app told to bind below 1024). */
  notes?: string[];
  /** The start command a platform file gives (Procfile web: …), already checked to run in this image. */
  startCommand?: { argv: string[]; source: string };
  /** The start command is a script that serves by itself: no framework or entry point of ours is used (not asked). */
  startsItsOwnServer?: boolean;
  /** Variables platform files declare (app.json, fly.toml [env] …): defaults set for verification, required ones named. */
  platformEnv?: PlatformEnv[];
}

/** A variable a platform file declares: its default value, if any, and whether the app needs one given. */
export interface PlatformEnv {
  name: string;
  value?: string;
  /** Declared as needed and without a default (app.json required, render.yaml sync: false). */
  required: boolean;
  source: string;
}

/** What the platform files (Procfile, app.json, heroku.yml, fly.toml, render.yaml, railway, compose) say. */
export interface PlatformFacts {
  web?: { command: string | string[]; source: string };
  release?: { command: string | string[]; source: string };
  port?: { value: number; source: string };
  env: PlatformEnv[];
  /** Files present but not readable (bad YAML/TOML/JSON, wrong shapes): each named in a note. */
  problems: string[];
}

/** A path (relative to the project and the image's working directory) the app reads at run time. */
export interface RuntimeFile {
  /** Plain relative path: a folder (copied whole) or a file. */
  path: string;
  folder: boolean;
  /** The call that reads it, as written (shown to the user and in the Dockerfile). */
  readBy: string;
}

/** A service an app needs (a database, Redis), and the variable that tells the app where it is. */
export interface Service {
  service: string;
  /** The environment variable the code reads its address from. */
  envVar?: string;
  /** Or the config setting that names it ("sqlalchemy.url in production.ini"): no variable is invented. */
  setting?: string;
}

/** How a service is named to the user: its variable, else its setting. */
export const serviceSource = (found: Service): string | undefined => found.envVar ?? found.setting;

/** What detection learned about the destination folder. */
export interface Facts {
  folderName: string;
  /** No files of the user's besides VCS metadata, secrets, editor folders and our own .yo-rc.json. */
  empty: boolean;
  /** Unambiguous language (one pack recognised the folder). */
  language?: string;
  /** Every language recognised, with its facts. */
  detected: LanguageFacts[];
  /** Several languages: why one was chosen (the others serve nothing), or why none could be (detect/servable.ts). */
  languageNote?: string;
}

/** Team settings that shape the files (see team-config.ts); all optional. */
export interface TeamSettings {
  registry?: string;
  labels?: Record<string, string>;
  caCertificate?: string;
  uid?: number;
}

/** Detection's facts for the language chosen so far. */
export const factsFor = (partial: Partial<Answers>, facts: Facts): LanguageFacts | undefined =>
  facts.detected.find((found) => found.language === partial.language);
