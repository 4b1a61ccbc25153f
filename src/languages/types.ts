/**
 * The shape of a language pack. A pack is one module (this interface), its templates under
 * templates/<id>/, and its examples under test/examples/; src/languages/index.ts registers it.
 * Everything language-specific lives in the pack: defaults, bases, detection, the files it renders,
 * the lint patterns and what verification expects. Nothing else lists languages.
 */
import type { ProjectFiles } from '../detect/files.js';
import type { Answers, LanguageFacts } from '../model.js';
import type { PypiLookup } from './python-pin-limits.js';

/** What a generation run gives detection besides the files (pure detection, e.g. in tests, gives nothing). */
export interface DetectOptions {
  /** Looks up exact Python pins on PyPI (absent: offline tables only). */
  pypiLookup?: PypiLookup;
}

/** A start command as the image runs it (exec form), or why the image cannot run it. */
export type Adopted = { argv: string[] } | { problem: string };

/** What a rendered file is, which decides how it is checked before it is written. */
export type FileKind = 'dockerfile' | 'dockerignore' | 'source' | 'yaml';

/** A file a language pack renders: template path (under templates/) → destination path in the project. */
export interface TemplateFile {
  template: string;
  destination: string;
  kind: FileKind;
}

/** How verification proves a pack's output: what to edit for the cache proof and what to expect over HTTP. */
export interface VerificationSpec {
  /** A RUN whose command matches this is the dependency-install step the cache proof protects. */
  dependencyStep: RegExp;
  /** The source file edited for the cache proof when the project is not the sample app. */
  entrySourceFiles: readonly string[];
  /** Comment prefix used to edit a source file harmlessly (the cache proof needs a changed file). */
  commentPrefix: string;
  smokePath: string;
  healthPath: string;
  /**
   * Static GET routes in the app's source (group 1 is the path; unmatched: the prefix's own path); the
   * probe tries health-like ones first.
   */
  routes: RegExp;
  /**
   * A class-level path prefix (group 1) joined to the routes after it in the same file (Spring's
   * @RequestMapping on a controller class); the prefix's own match is not a route by itself.
   */
  routePrefix?: RegExp;
  /** Source files of the app's language, to find one to edit in the entry point's folder. */
  sourceExtension: string;
  /**
   * The cache-proof edit of a source file: it must change what the image runs (a comment is enough
   * where the source itself is copied; a compiled language needs an edit that reaches the binary).
   */
  editSource(text: string, marker: string): string;
  /**
   * Instead of editing a source file, a new file the build copies into the image but no formatter,
   * linter or compiler reads (Java: a resource next to the entry's sources), by the entry file's path;
   * undefined when the layout has no such place (the source edit is used then).
   */
  addedFile?(entry: string): string | undefined;
  /** A problem the image's entry binary shows by itself (e.g. a Go binary built without cgo that needs it). */
  entryBinaryProblem?(binary: Buffer): string | undefined;
}

/** Lint patterns of a language, used on any Dockerfile (also ones slim-docker did not write). */
export interface LintSpec {
  /** RUN commands that install dependencies (an install after `COPY . .` defeats the cache). */
  dependencyInstall: RegExp;
  /** Commands that start a development server, each with why it does not belong in an image. */
  devServers: readonly (readonly [RegExp, string])[];
  /** An install that leaves the package manager's cache in the image unless `clean` also matches. */
  cacheInImage?: { install: RegExp; clean: RegExp; message: string };
}

/** The sample app's greeting, and the file it lives in, so verification can edit it like the seed does. */
export interface SampleSpec {
  greetingFile: string;
  greeting(appName: string): string;
}

export interface LanguagePack<Extra extends object = object, Id extends string = string> {
  id: Id;
  label: string;
  frameworks: readonly string[];
  /** The frameworks a new folder may be given (a sample app exists for them); default: all of them. */
  sampleFrameworks?: readonly string[];
  defaultFramework: string;
  /** Supported X.Y (or major) versions, oldest first. */
  versions: readonly string[];
  defaultVersion: string;
  /** What the version looks like, for the error message (e.g. "X.Y"). */
  versionForm: string;
  defaultPort: number;
  /** Base-image preferences this language offers, each with the hint shown at the prompt. */
  bases: readonly { id: string; hint: string }[];
  defaultBase: string;
  /** Image reference of the final stage for a version and base preference. */
  baseImage(version: string, base: string): string;
  /**
   * The base image's own unprivileged user (node's `node`, uid 1000), used instead of creating the
   * app user, unless the team config sets a uid: then the templates create that user.
   */
  imageUser?: { name: string; uid: number };
  /** Files for every project. */
  files(answers: Answers): TemplateFile[];
  /** Files of the sample app, only in a new project. */
  sampleFiles(answers: Answers): TemplateFile[];
  /** Values the templates receive besides the answers; `project` is this pack's own detection, if any. */
  templateData(answers: Answers, project: LanguageFacts<Extra> | undefined): Record<string, unknown>;
  /**
   * A command run in the project after the sample app is written (e.g. create a lockfile, so the
   * image installs exactly what was tested). `--skip-install` skips it and prints the command.
   * `creates`: the file it makes (package-lock.json), so a re-run that finds it missing (an install
   * interrupted, the file deleted) runs it again although the sample files are identical.
   */
  sampleInstall?: { command: readonly string[]; purpose: string; creates: string };
  /** Reads the folder (bounded, named files only) and returns facts when it holds a project in this language. */
  detect(files: ProjectFiles, options?: DetectOptions): Promise<LanguageFacts<Extra> | undefined>;
  /** How the sample app's dependencies install (python "pip", node "npm", go "go"). */
  samplePackageManager: string;
  /** The entry point of the sample app (python "app:app", node "server.js", go "."). */
  sampleEntrypoint: string;
  /** What an entry point looks like, for error messages. */
  entrypointForm: string;
  /** Validates an entry point answer; returns undefined when it is fine, else why not. */
  checkEntrypoint(value: string): string | undefined;
  /**
   * Source files an entry point may live in, best first (the cache proof edits the first present);
   * `project` is this pack's detection, when there is one (python: the folder put on PYTHONPATH).
   */
  entryFiles(entrypoint: string, project?: LanguageFacts<Extra>): string[];
  /**
   * Variables verification sets for its own run because the app cannot answer without them (Django's
   * ALLOWED_HOSTS read from the environment), each with the words the verdict says about it.
   */
  verifyEnvironment?(project?: LanguageFacts<Extra>): { name: string; value: string; why: string }[];
  /** Packages the image adds for the chosen framework when the project lacks them (the server). */
  extraPackagesFor?(framework: string, facts: LanguageFacts<Extra>): string[];
  /**
   * Why a framework answer cannot be rendered for this folder (e.g. a build-step framework with no such
   * project, so no sample exists), or undefined. Checked at the edge with the other answers.
   */
  frameworkProblem?(framework: string, project: LanguageFacts<Extra> | undefined): string | undefined;
  /**
   * What the image runs for a start command (--command, a Procfile's web process), in exec form; for
   * a compiled app (ENTRYPOINT is its binary) only the arguments. Or why this image cannot run it.
   */
  startCommand(argv: readonly string[], port: number, project: LanguageFacts<Extra> | undefined): Adopted;
  /** The templates render a release step (a shell runs it before the server); without one it is the user's to run. */
  releaseStep?: boolean;
  /** The usual port of a framework (defaultPort when the framework has none of its own). */
  portFor(framework: string): number;
  /** Files whose presence says a folder already holds a project in this language. */
  markerFiles: readonly string[];
  sample: SampleSpec;
  lint: LintSpec;
  verification: VerificationSpec;
}
