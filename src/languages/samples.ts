/**
 * The sample apps: one table of language + framework → the template folder of its own sample and
 * the releases it pins. A new (empty) folder is offered exactly the frameworks listed here; any other
 * framework is still fine in an existing project (detection finds it) but is refused for a new folder,
 * since writing another framework's sample under its name would be a lie that fails at run time.
 *
 * Each sample serves / (the greeting) and a health path, listens on 0.0.0.0 at the answered port and
 * stops on SIGTERM; an e2e example (test/examples/<language>-<framework>-sample) builds and verifies it.
 */
import type { TemplateFile } from './types.js';

/** Production servers pinned for Python (the sample apps and a server an existing project lacks). */
export const SERVER_PINS = { gunicorn: '27.0.1', uvicorn: '0.54.0' } as const;

export interface Sample {
  language: string;
  framework: string;
  /** Folder under templates/ holding the sample's files. */
  folder: string;
  /** The sample's files: template name (inside `folder`) → destination in the project. */
  files: readonly { template: string; destination: string }[];
  /** The entry point answer the sample implies (what the Dockerfile runs). */
  entrypoint: string;
  /** The file holding the greeting (verification edits it for the cache proof). */
  greetingFile: string;
  /** Releases the sample's manifest pins (`pins.<name>` in its templates). */
  pins: Readonly<Record<string, string>>;
}

export const SAMPLES: readonly Sample[] = [
  {
    language: 'python',
    framework: 'flask',
    folder: 'python/flask',
    files: [
      { template: 'app.py.ejs', destination: 'app.py' },
      { template: 'requirements.txt.ejs', destination: 'requirements.txt' },
    ],
    entrypoint: 'app:app',
    greetingFile: 'app.py',
    pins: { flask: '3.1.3', gunicorn: SERVER_PINS.gunicorn },
  },
  {
    language: 'python',
    framework: 'fastapi',
    folder: 'python/fastapi',
    files: [
      { template: 'app.py.ejs', destination: 'app.py' },
      { template: 'requirements.txt.ejs', destination: 'requirements.txt' },
    ],
    entrypoint: 'app:app',
    greetingFile: 'app.py',
    pins: { fastapi: '0.165.0', uvicorn: SERVER_PINS.uvicorn },
  },
  {
    language: 'python',
    framework: 'django',
    folder: 'python/django',
    // The layout `django-admin startproject config .` makes, without a database or static files.
    files: [
      { template: 'manage.py.ejs', destination: 'manage.py' },
      { template: 'init.py.ejs', destination: 'config/__init__.py' },
      { template: 'settings.py.ejs', destination: 'config/settings.py' },
      { template: 'urls.py.ejs', destination: 'config/urls.py' },
      { template: 'views.py.ejs', destination: 'config/views.py' },
      { template: 'wsgi.py.ejs', destination: 'config/wsgi.py' },
      { template: 'requirements.txt.ejs', destination: 'requirements.txt' },
    ],
    entrypoint: 'config.wsgi:application',
    greetingFile: 'config/views.py',
    pins: { django: '5.2.19', gunicorn: SERVER_PINS.gunicorn },
  },
  {
    language: 'go',
    framework: 'net/http',
    folder: 'go/net-http',
    files: [
      { template: 'main.go.ejs', destination: 'main.go' },
      { template: 'go.mod.ejs', destination: 'go.mod' },
    ],
    entrypoint: '.',
    greetingFile: 'main.go',
    pins: {},
  },
  {
    language: 'go',
    framework: 'gin',
    folder: 'go/gin',
    // go.mod and go.sum as `go mod tidy` wrote them for gin v1.11.0: the image's `go mod download`
    // verifies every module against go.sum, and no Go toolchain is needed on the host.
    files: [
      { template: 'main.go.ejs', destination: 'main.go' },
      { template: 'go.mod.ejs', destination: 'go.mod' },
      { template: 'go.sum.ejs', destination: 'go.sum' },
    ],
    entrypoint: '.',
    greetingFile: 'main.go',
    pins: { gin: 'v1.11.0' },
  },
  {
    language: 'node',
    framework: 'express',
    folder: 'node/express',
    files: [
      { template: 'server.js.ejs', destination: 'server.js' },
      { template: 'package.json.ejs', destination: 'package.json' },
    ],
    entrypoint: 'server.js',
    greetingFile: 'server.js',
    pins: { express: '5.3.0' },
  },
  {
    language: 'node',
    framework: 'fastify',
    folder: 'node/fastify',
    files: [
      { template: 'server.js.ejs', destination: 'server.js' },
      { template: 'package.json.ejs', destination: 'package.json' },
    ],
    entrypoint: 'server.js',
    greetingFile: 'server.js',
    pins: { fastify: '5.12.8' },
  },
  {
    language: 'rust',
    framework: 'axum',
    folder: 'rust/axum',
    files: [
      { template: 'Cargo.toml.ejs', destination: 'Cargo.toml' },
      { template: 'main.rs.ejs', destination: 'src/main.rs' },
    ],
    entrypoint: 'server',
    greetingFile: 'src/main.rs',
    pins: {},
  },
  {
    language: 'java',
    framework: 'spring-boot',
    folder: 'java/spring-boot',
    files: [
      { template: 'pom.xml.ejs', destination: 'pom.xml' },
      { template: 'Application.java.ejs', destination: 'src/main/java/com/example/app/Application.java' },
      { template: 'application.properties.ejs', destination: 'src/main/resources/application.properties' },
    ],
    entrypoint: 'src/main/java/com/example/app/Application.java',
    greetingFile: 'src/main/java/com/example/app/Application.java',
    pins: { springBoot: '4.1.2' },
  },
];

/** The sample of a language's framework, if it has one. */
export function sampleFor(language: string, framework: string): Sample | undefined {
  return SAMPLES.find((sample) => sample.language === language && sample.framework === framework);
}

/** The frameworks a new folder may be given in a language (those with a sample), in table order. */
export function sampleFrameworksOf(language: string): string[] {
  return SAMPLES.filter((sample) => sample.language === language).map((sample) => sample.framework);
}

/**
 * The sample's files as a pack renders them. A framework without a sample (never rendered: it is
 * refused for a new folder) or none (a .yo-rc.json without one) names the language's first sample's
 * files, which is what an older run wrote: the files a saved sample app is recognised by.
 */
export function sampleFilesOf(language: string, framework: string | undefined): TemplateFile[] {
  const sample =
    (framework === undefined ? undefined : sampleFor(language, framework)) ??
    SAMPLES.find((candidate) => candidate.language === language);
  if (!sample) return [];
  return sample.files.map((file) => ({
    template: `${sample.folder}/${file.template}`,
    destination: file.destination,
    kind: 'source',
  }));
}

/** The pins of a framework's sample (empty without one). */
export function samplePins(language: string, framework: string): Readonly<Record<string, string>> {
  return sampleFor(language, framework)?.pins ?? {};
}

/**
 * Why a framework cannot be given to a new folder (no sample of its own), naming the allowed values;
 * undefined when it has a sample or the folder holds a project.
 */
export function newFolderFrameworkProblem(
  language: string,
  label: string,
  framework: string,
  project: unknown,
): string | undefined {
  if (project !== undefined || sampleFor(language, framework)) return undefined;
  return `${framework} has no sample app, so a new folder cannot get one: choose ${sampleFrameworksOf(language).join(' or ')} (any ${label} framework is fine in an existing project)`;
}
