import type { ProjectFiles } from '../detect/files.js';
import type { Answers, LanguageFacts } from '../options.js';

/** A file a language pack renders: template path (under templates/) → destination path in the project. */
export interface TemplateFile {
  template: string;
  destination: string;
  /** Dockerfiles are parsed before they are written. */
  kind: 'dockerfile' | 'dockerignore' | 'source';
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
}

/** The sample app's greeting, and the file it lives in, so verification can edit it like the seed does. */
export interface SampleSpec {
  greetingFile: string;
  greeting(appName: string): string;
}

export interface LanguagePack {
  id: string;
  label: string;
  frameworks: readonly string[];
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
  /** Files for every project. */
  files(answers: Answers): TemplateFile[];
  /** Files of the sample app, only in a new project. */
  sampleFiles(answers: Answers): TemplateFile[];
  /** Values the templates receive, besides the answers themselves. */
  templateData(answers: Answers): Record<string, unknown>;
  /**
   * A command run in the project after the files are written, when `when` holds (e.g. create a
   * lockfile for the sample app, so the image installs exactly what was tested). `--skip-install`
   * skips it and prints the command instead.
   */
  install?: { command: readonly string[]; when: (answers: Answers) => boolean; purpose: string };
  /** Reads the folder (bounded, named files only) and returns facts when it holds a project in this language. */
  detect(files: ProjectFiles): Promise<LanguageFacts | undefined>;
  /** How the sample app's dependencies install (python "pip", node "npm", go "go"). */
  samplePackageManager: string;
  /** The entry point of the sample app (python "app:app", node "server.js", go "."). */
  sampleEntrypoint: string;
  /** What an entry point looks like, for error messages. */
  entrypointForm: string;
  /** Validates an entry point answer; returns undefined when it is fine, else why not. */
  checkEntrypoint(value: string): string | undefined;
  /** Source files an entry point may live in, best first (the cache proof edits the first present). */
  entryFiles(entrypoint: string): string[];
  /** Packages the image adds for the chosen framework when the project lacks them (the server). */
  extraPackagesFor?(framework: string, facts: LanguageFacts): string[];
  /** The usual port of a framework (defaultPort when the framework has none of its own). */
  portFor(framework: string): number;
  /** Files whose presence says a folder already holds a project in this language. */
  markerFiles: readonly string[];
  sample: SampleSpec;
  verification: VerificationSpec;
}
