/**
 * Java (Spring Boot) project detection, from named files only: pom.xml or build.gradle(.kts), the
 * wrapper scripts, the Java version the build asks for, the Spring Boot version (it decides how the
 * boot jar is split into layers), the web starter, server.port in application.properties/yml and the
 * @SpringBootApplication class (the file the cache proof edits).
 */
import { parse as parseYaml } from 'yaml';
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../model.js';
import { javaReferences, runtimeFilesIn, runtimeFilesNote } from './runtime-files.js';

export type BuildTool = 'maven' | 'gradle';

/** What java detection learns beyond the common facts. */
export interface JavaExtra {
  buildTool: BuildTool;
  /** mvnw / gradlew is present (with its .mvn/ or gradle/ folder): the build runs the project's own pinned tool. */
  wrapper: boolean;
  /** Gradle build script in the Kotlin DSL (build.gradle.kts / settings.gradle.kts). */
  kotlinDsl?: boolean;
  /** The Spring Boot version the build names, when it is a literal. */
  bootVersion?: string;
  /** The boot jar the build writes, relative to the project (known when the build file spells it out). */
  jar?: string;
  /** @RestController/@Controller classes: their @GetMapping paths are routes the probe may ask. */
  controllers?: string[];
  /**
   * Maven goal that makes the boot jar when pom.xml does not declare spring-boot-maven-plugin (a
   * guide run with `spring-boot:run`): `package` alone writes a plain jar. See bootRepackage.
   */
  repackage?: string;
}

const RESOURCES = 'src/main/resources';
const SOURCES = 'src/main/java';
/** Web starters: the image serves HTTP, so a Boot app without one has nothing to answer. */
const WEB_STARTER = /spring-boot-starter-(web|webmvc|webflux)\b/;
/** Folders visited under src/main/java looking for the @SpringBootApplication class (bounded walk). */
const MAX_SOURCE_FOLDERS = 200;
/** Controllers whose request mappings the probe reads (it asks at most a few paths anyway). */
const MAX_CONTROLLERS = 7;

/** Text of the first <tag>…</tag> in a piece of XML (plain literal values only). */
const xmlValue = (xml: string, tag: string): string | undefined =>
  new RegExp(`<${tag}>\\s*([^<]+?)\\s*</${tag}>`).exec(xml)?.[1];

/** pom.xml without its <dependencies>/<plugins>/<profiles> (whose <version>/<artifactId> are not the project's). */
const pomHead = (pom: string) =>
  pom
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<parent>[\s\S]*?<\/parent>/, '')
    .replace(/<(dependencies|dependencyManagement|build|profiles|reporting)>[\s\S]*?<\/\1>/g, '');

/** "1.8" → 8, "17" → 17, "${java.version}" → undefined. */
function javaMajor(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^(?:1\.)?(\d{1,2})$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}

/** The Java version a pom asks for, and from which property. */
function mavenJava(pom: string): { major: number; from: string } | undefined {
  for (const tag of ['maven.compiler.release', 'java.version', 'maven.compiler.target', 'maven.compiler.source']) {
    const major = javaMajor(xmlValue(pom, tag.replace(/\./g, '\\.')));
    if (major) return { major, from: `pom.xml <${tag}>` };
  }
  const plugin = /<artifactId>maven-compiler-plugin<\/artifactId>[\s\S]*?<\/plugin>/.exec(pom)?.[0] ?? '';
  const release = javaMajor(xmlValue(plugin, 'release') ?? xmlValue(plugin, 'target'));
  return release ? { major: release, from: 'pom.xml maven-compiler-plugin' } : undefined;
}

/** The Java version a Gradle script asks for: toolchain first, then source/targetCompatibility. */
function gradleJava(script: string, file: string): { major: number; from: string } | undefined {
  const toolchain = /JavaLanguageVersion\.of\(\s*["']?(\d{1,2})["']?\s*\)/.exec(script)?.[1];
  if (toolchain) return { major: Number(toolchain), from: `${file} toolchain` };
  const compat =
    /(?:source|target)Compatibility\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d{1,2})|['"]?(?:1\.)?(\d{1,2})['"]?)/.exec(
      script,
    );
  const major = Number(compat?.[1] ?? compat?.[2]);
  return major ? { major, from: `${file} sourceCompatibility` } : undefined;
}

/** server.port from application.properties / application.yml: a number, or `${VAR:default}`. */
async function serverPort(files: ProjectFiles): Promise<{ port?: number; env?: string; source: string } | undefined> {
  const read = (value: unknown, source: string) => {
    const text = String(value ?? '').trim();
    const placeholder = /^\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::(\d{1,5}))?\}$/.exec(text);
    if (placeholder) {
      // ${PORT:8080}: the app reads PORT, 8080 without it. A dotted name is a Spring property, not an env var.
      const env = /^[A-Z_][A-Z0-9_]*$/.test(placeholder[1]) ? placeholder[1] : undefined;
      return { port: placeholder[2] ? Number(placeholder[2]) : undefined, env, source };
    }
    return /^\d{1,5}$/.test(text) ? { port: Number(text), source } : undefined;
  };
  const properties = await files.read(`${RESOURCES}/application.properties`);
  if (properties !== undefined) {
    const line = /^\s*server\.port\s*[=:]\s*(.+?)\s*$/m.exec(properties)?.[1];
    if (line) return read(line, 'application.properties');
  }
  for (const name of ['application.yml', 'application.yaml']) {
    const text = await files.read(`${RESOURCES}/${name}`);
    if (text === undefined) continue;
    try {
      // A multi-document yml: the first document is the default profile.
      const doc = parseYaml(text.split(/^---\s*$/m)[0]) as { server?: { port?: unknown }; 'server.port'?: unknown };
      const value = doc?.server?.port ?? doc?.['server.port'];
      if (value !== undefined) return read(value, name);
    } catch {
      // A yml detection cannot read gives no port: the default stands.
    }
  }
  return undefined;
}

/**
 * The @SpringBootApplication class under src/main/java, and the controllers (whose @GetMapping paths
 * the probe asks when / is not served): a bounded walk of that tree only.
 */
async function sourceClasses(
  files: ProjectFiles,
): Promise<{ applications: string[]; controllers: string[]; texts: string[] }> {
  const applications: string[] = [];
  const texts: string[] = [];
  const controllers: string[] = [];
  const queue = [SOURCES];
  for (let visited = 0; queue.length && visited < MAX_SOURCE_FOLDERS; visited++) {
    const folder = queue.shift()!;
    for (const name of await files.list(folder)) {
      const rel = `${folder}/${name}`;
      if (name.endsWith('/')) queue.push(rel.slice(0, -1));
      else if (name.endsWith('.java')) {
        const text = (await files.read(rel)) ?? '';
        texts.push(text);
        if (/@SpringBootApplication\b/.test(text)) applications.push(rel);
        if (/@(Rest)?Controller\b/.test(text) && controllers.length < MAX_CONTROLLERS) controllers.push(rel);
      }
    }
  }
  return { applications, controllers, texts };
}

/**
 * The repackage goal for a Spring Boot pom whose <build><plugins> (outside pluginManagement and
 * profiles) lack spring-boot-maven-plugin: `package` then writes a plain jar ("no main manifest
 * attribute" at extract). Under spring-boot-starter-parent the goal takes the parent's pluginManagement
 * version; otherwise the Boot version the pom names (dependency, BOM or property), else Maven's newest.
 */
export function bootRepackage(
  pom: string,
  bootVersion: string | undefined,
): { goal: string; note: string } | undefined {
  const plain = pom.replace(/<!--[\s\S]*?-->/g, '');
  const built = plain.replace(/<(pluginManagement|profiles)>[\s\S]*?<\/\1>/g, '');
  if (/<artifactId>\s*spring-boot-maven-plugin\s*<\/artifactId>/.test(built)) return undefined;
  const coordinates = 'org.springframework.boot:spring-boot-maven-plugin';
  if (/<artifactId>\s*spring-boot-starter-parent\s*<\/artifactId>/.test(plain))
    return {
      goal: `${coordinates}:repackage`,
      note: 'pom.xml does not declare spring-boot-maven-plugin (`package` alone writes a plain jar): the image build runs its repackage goal after package, at the version spring-boot-starter-parent manages',
    };
  const version = bootVersion ?? propertyVersion(plain);
  return {
    goal: version ? `${coordinates}:${version}:repackage` : `${coordinates}:repackage`,
    note: `pom.xml does not declare spring-boot-maven-plugin (\`package\` alone writes a plain jar): the image build runs its repackage goal after package, ${version ? `version ${version} (the Spring Boot version pom.xml names)` : 'at the newest version Maven finds (pom.xml names no Spring Boot version; declare the plugin to pin it)'}`,
  };
}

/** A Spring Boot version held in a pom property (`<spring-boot.version>3.5.16</spring-boot.version>`). */
function propertyVersion(pom: string): string | undefined {
  const name =
    /<artifactId>spring-boot-(?:dependencies|starter[\w-]*)<\/artifactId>\s*<version>\$\{([\w.-]+)\}<\/version>/.exec(
      pom,
    )?.[1];
  return name ? /^[\w.-]+$/.exec(xmlValue(pom, name.replace(/\./g, '\\.')) ?? '')?.[0] : undefined;
}

export async function detectJava(
  files: ProjectFiles,
  versions: readonly string[],
): Promise<LanguageFacts<JavaExtra> | undefined> {
  const top = await files.list();
  const gradleFile = ['build.gradle.kts', 'build.gradle'].find((name) => top.includes(name));
  const buildTool: BuildTool | undefined = top.includes('pom.xml') ? 'maven' : gradleFile ? 'gradle' : undefined;
  if (!buildTool) return undefined;
  const buildFile = buildTool === 'maven' ? 'pom.xml' : gradleFile!;
  const script = (await files.read(buildFile)) ?? '';
  const wrapper =
    buildTool === 'maven'
      ? top.includes('mvnw') && (await files.exists('.mvn/wrapper/maven-wrapper.properties'))
      : top.includes('gradlew') && (await files.exists('gradle/wrapper/gradle-wrapper.properties'));
  const facts: LanguageFacts<JavaExtra> = {
    language: 'java',
    framework: 'spring-boot',
    evidence: [buildFile],
    entrypoints: [],
    dependencyFiles: [buildFile],
    packageManager: buildTool,
    extraPackages: [],
    extra: { buildTool, wrapper },
    problems: [],
  };
  if (buildTool === 'gradle') {
    facts.extra.kotlinDsl = buildFile.endsWith('.kts');
    const settings = ['settings.gradle.kts', 'settings.gradle'].find((name) => top.includes(name));
    if (settings) facts.dependencyFiles.push(settings);
    if (top.includes('gradle.properties')) facts.dependencyFiles.push('gradle.properties');
    if (wrapper) facts.dependencyFiles.push('gradlew', 'gradle/');
    // The dependency step copies the root build files only: subprojects' build files would be missing.
    if (settings && /^\s*include\b/m.test((await files.read(settings)) ?? ''))
      facts.problems.push(
        `${settings} includes subprojects: multi-project Gradle builds are not supported yet (the dependency step copies only the root build files)`,
      );
  } else {
    if (wrapper) facts.dependencyFiles.push('mvnw');
    // .mvn/ (wrapper, maven.config, extensions.xml) shapes dependency resolution: copied with pom.xml.
    if (top.includes('.mvn/')) facts.dependencyFiles.push('.mvn/');
    if (/<modules>/.test(script.replace(/<!--[\s\S]*?-->/g, '')))
      facts.problems.push(
        'pom.xml lists <modules>: multi-module Maven builds are not supported yet (the dependency step copies only the root pom.xml)',
      );
  }

  // Spring Boot: the parent / plugin version (Maven) or the plugin id's version (Gradle).
  const boot =
    buildTool === 'maven'
      ? (/<artifactId>spring-boot-starter-parent<\/artifactId>\s*<version>([^<$]+)<\/version>/.exec(script)?.[1] ??
        /<artifactId>spring-boot-(?:dependencies|maven-plugin)<\/artifactId>\s*<version>([^<$]+)<\/version>/.exec(
          script,
        )?.[1])
      : /id\s*\(?\s*["']org\.springframework\.boot["']\s*\)?\s*version\s*\(?\s*["']([^"']+)["']/.exec(script)?.[1];
  if (boot) facts.extra.bootVersion = boot.trim();
  const isBoot = /spring-boot/.test(script) || /org\.springframework\.boot/.test(script);
  if (isBoot && buildTool === 'maven') {
    const repackage = bootRepackage(script, facts.extra.bootVersion);
    if (repackage) {
      facts.extra.repackage = repackage.goal;
      facts.notes = [repackage.note];
    }
  }
  if (!isBoot)
    facts.problems.push(
      `${buildFile} is not a Spring Boot build: only Spring Boot web apps are supported (the image runs the boot jar's layers)`,
    );
  else if (!WEB_STARTER.test(script))
    facts.problems.push(
      `${buildFile} has no web starter (spring-boot-starter-web, -webmvc or -webflux): the app would serve no HTTP`,
    );

  // Java version: the build's release/toolchain is the bytecode level; any newer JRE runs it.
  const wanted = buildTool === 'maven' ? mavenJava(script) : gradleJava(script, buildFile);
  if (wanted) {
    const fits = versions.filter((version) => Number(version) >= wanted.major);
    if (!fits.length)
      facts.problems.push(`${wanted.from} needs Java ${wanted.major}, newer than the supported ${versions.join(', ')}`);
    else {
      facts.runtimeVersion = fits[0];
      facts.versionSource = wanted.from;
      facts.allowedVersions = { versions: fits, source: wanted.from };
    }
  }

  // The jar: Maven's <finalName>, else artifactId-version (literal values only).
  if (buildTool === 'maven') {
    const head = pomHead(script);
    const finalName = xmlValue(script.replace(/<!--[\s\S]*?-->/g, ''), 'finalName');
    const [artifact, version] = [xmlValue(head, 'artifactId'), xmlValue(head, 'version')];
    const name = finalName ?? (artifact && version ? `${artifact}-${version}` : undefined);
    if (name && !name.includes('$')) facts.extra.jar = `target/${name}.jar`;
  }

  const port = await serverPort(files);
  if (port?.port) facts.port = port.port;
  if (port?.env) facts.portEnv = port.env;

  const classes = await sourceClasses(files);
  facts.entrypoints = classes.applications;
  if (classes.controllers.length) facts.extra.controllers = classes.controllers;
  // Folders read by a relative file-system path (new File("data"), Path.of("uploads")); the classpath is in the jar.
  const runtime = await runtimeFilesIn(files, classes.texts.flatMap(javaReferences), { foldersOnly: true });
  if (runtime.length) {
    facts.runtimeFiles = runtime;
    facts.notes = [...(facts.notes ?? []), runtimeFilesNote(runtime, '/app')];
  }
  if (!facts.entrypoints.length && isBoot)
    facts.notes = [
      ...(facts.notes ?? []),
      `no @SpringBootApplication class under ${SOURCES}/: the image still runs the boot jar, but verification has no source file to edit`,
    ];
  return facts;
}
