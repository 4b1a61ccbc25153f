import { detectJava, type JavaExtra } from './java-detect.js';
import { runtimeCopies } from './runtime-files.js';
import { javaStart } from './start-command.js';
import { sampleFilesOf, sampleFrameworksOf, samplePins } from './samples.js';
import type { LanguagePack } from './types.js';

/** LTS releases only (what Spring Boot 3/4 support); 21 is what Debian trixie ships (the stand-ins). */
const VERSIONS = ['17', '21', '25'] as const;
const DEFAULT_VERSION = '21';
const DEFAULT_PORT = 8080;

/** Pinned release for the sample app's pom.xml (samples.ts holds every sample's pins). */
export const JAVA_PINS = samplePins('java', 'spring-boot') as { readonly springBoot: string };

/** The sample app: one class in this package (the file the cache proof edits for the greeting). */
const SAMPLE_CLASS = 'src/main/java/com/example/app/Application.java';

/**
 * Modules every jlink runtime gets besides those jdeps finds: Spring and common libraries load them by
 * name, through a service or via reflection, which jdeps (reading bytecode references) cannot see.
 * Each with why, shown in the Dockerfile.
 */
export const JLINK_SAFETY_MODULES: readonly (readonly [module: string, why: string])[] = [
  ['jdk.crypto.ec', 'TLS with elliptic-curve keys, a security provider named in java.security'],
  ['java.desktop', "java.beans, Spring's property binding"],
  ['java.management', 'JMX'],
  ['jdk.management', "the com.sun.management MXBeans behind Actuator's JVM metrics"],
  ['java.naming', 'JNDI and DNS lookups'],
  ['java.instrument', 'Java agents such as OpenTelemetry'],
  ['jdk.unsupported', 'sun.misc.Unsafe, reached by reflection'],
  ['jdk.zipfs', 'zip and jar file systems'],
];

/**
 * Spring Boot 3.3+ extracts its layers with `-Djarmode=tools … extract --layers --launcher`; older
 * releases only know `-Djarmode=layertools … extract` (removed in 4.0). Both write the same four folders.
 * Launcher class: org.springframework.boot.loader.launch.JarLauncher since 3.2, …loader.JarLauncher before.
 */
export function bootLayout(bootVersion: string | undefined): { layerTool: 'tools' | 'layertools'; launcher: string } {
  const [major, minor] = (bootVersion ?? '').split('.').map(Number);
  // An unknown version (a BOM property, a version catalog) is taken as current.
  if (!major) return { layerTool: 'tools', launcher: 'org.springframework.boot.loader.launch.JarLauncher' };
  const atLeast = (x: number, y: number) => major > x || (major === x && minor >= y);
  return {
    layerTool: atLeast(3, 3) ? 'tools' : 'layertools',
    launcher: atLeast(3, 2)
      ? 'org.springframework.boot.loader.launch.JarLauncher'
      : 'org.springframework.boot.loader.JarLauncher',
  };
}

export const java: LanguagePack<JavaExtra, 'java'> = {
  id: 'java',
  label: 'Java',
  frameworks: ['spring-boot'],
  defaultFramework: 'spring-boot',
  versions: VERSIONS,
  defaultVersion: DEFAULT_VERSION,
  versionForm: 'N (major only: 17, 21, 25)',
  defaultPort: DEFAULT_PORT,
  bases: [
    {
      id: 'jre',
      hint: 'Eclipse Temurin JRE (Ubuntu), ~270 MB: a JRE without the compiler, a shell for debugging (recommended)',
    },
    {
      id: 'jlink',
      hint: 'Debian slim with a runtime jlink builds from only the modules the app uses, ~140 MB; a module loaded by name may need adding',
    },
  ],
  defaultBase: 'jre',
  baseImage: (version, base) => (base === 'jlink' ? 'debian:trixie-slim' : `eclipse-temurin:${version}-jre`),
  files: () => [
    { template: 'java/Dockerfile.ejs', destination: 'Dockerfile', kind: 'dockerfile' },
    { template: 'java/dockerignore.ejs', destination: '.dockerignore', kind: 'dockerignore' },
  ],
  sampleFrameworks: sampleFrameworksOf('java'),
  sampleFiles: (answers) => sampleFilesOf('java', answers.framework),
  templateData: (answers, project) => {
    const extra: Partial<JavaExtra> = project?.extra ?? {};
    const buildTool = extra.buildTool ?? 'maven';
    const layout = bootLayout(answers.sampleApp ? JAVA_PINS.springBoot : extra.bootVersion);
    return {
      pins: JAVA_PINS,
      jlinkSafetyModules: JLINK_SAFETY_MODULES,
      buildTool,
      wrapper: extra.wrapper ?? false,
      kotlinDsl: extra.kotlinDsl ?? false,
      dependencyFiles: project?.dependencyFiles ?? ['pom.xml'],
      // The boot jar: the sample's own name, the detected one, else found after the build.
      jar: answers.sampleApp ? `target/${answers.appName}-0.0.1.jar` : extra.jar,
      // A pom without spring-boot-maven-plugin: the repackage goal runs after package (see bootRepackage).
      repackage: answers.sampleApp ? undefined : extra.repackage,
      layerTool: layout.layerTool,
      launcher: layout.launcher,
      // The variable the port is set through: the one the app reads (`${PORT:8080}`), else Spring's own.
      portVariable: answers.sampleApp ? 'PORT' : (project?.portEnv ?? 'SERVER_PORT'),
      // Folders the app reads by a file-system path (not the classpath) at run time, copied into /app.
      runtimeCopies: runtimeCopies(project?.runtimeFiles),
    };
  },
  detect: (files) => detectJava(files, VERSIONS),
  samplePackageManager: 'maven',
  sampleEntrypoint: SAMPLE_CLASS,
  entrypointForm: 'the @SpringBootApplication class, e.g. src/main/java/com/example/app/Application.java',
  checkEntrypoint: (value) =>
    /^(?!\/)(?!.*\.\.)[\w./$-]+\.java$/.test(value)
      ? undefined
      : 'is not a relative .java file path inside the project',
  // The application class is edited by the cache proof; the controllers are read for routes.
  entryFiles: (entrypoint, project) => [entrypoint, ...(project?.extra.controllers ?? [])],
  portFor: () => DEFAULT_PORT,
  startCommand: (argv) => javaStart(argv),
  markerFiles: ['pom.xml', 'build.gradle', 'build.gradle.kts'],
  lint: {
    // Only the steps that resolve dependencies: `mvn package` after `COPY . .` is the build itself.
    dependencyInstall: /\bdependency:(go-offline|resolve(-plugins)?)\b|\bgradlew?\b[^;&|]*\bdependencies\b/,
    devServers: [
      [
        /\bspring-boot:run\b|\bbootRun\b/,
        'spring-boot:run/bootRun keep Maven or Gradle running and compile at start; run the jar',
      ],
      [
        /^"?(\.\/)?(mvnw?|gradlew?)"?(\s|,|$)/,
        'the build tool as PID 1 resolves dependencies at start; run the jar with java',
      ],
    ],
  },
  sample: {
    greetingFile: SAMPLE_CLASS,
    greeting: (appName) => `Hello from ${appName}!`,
  },
  verification: {
    dependencyStep: /\bdependency:go-offline\b|\bgradlew?\b[^;&|]*\bdependencies\b/,
    entrySourceFiles: [],
    commentPrefix: '//',
    smokePath: '/',
    healthPath: '/health',
    // A path-less @GetMapping (group 1 unmatched) answers at its controller's prefix.
    routes:
      /@(?:Get|Request)Mapping(?:\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"(\/[^"{*]*)"|(?=(?:\(\s*\))?\s*(?:\n|public\b|@)))/g,
    // @RequestMapping("/api") on the controller class: its methods' paths hang below it.
    routePrefix:
      /@RequestMapping\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"(\/[^"{*]*)"[^)]*\)\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:(?:public|final|abstract)\s+)*class\b/,
    sourceExtension: '.java',
    // A comment compiles to the same class file: the edit must reach the jar. A constant field is kept
    // in the class file (ConstantValue), so the application layer changes and nothing the app does.
    // Used only when the project has no resources folder to add a file to (see addedFile).
    editSource: (text, marker) => {
      const end = text.lastIndexOf('}');
      const field = `\n    static final String SLIM_DOCKER_VERIFY_EDIT = ${JSON.stringify(marker)};\n`;
      return end === -1 ? `${text}\n// ${marker}\n` : `${text.slice(0, end)}${field}${text.slice(end)}`;
    },
    // A resource beside the entry's sources: Maven and Gradle put it in the jar (the application
    // layer changes), and spring-javaformat, checkstyle, spotless and the compiler never read it.
    addedFile: (entry) => {
      const at = entry.lastIndexOf('src/main/java/');
      return at === -1 ? undefined : `${entry.slice(0, at)}src/main/resources/slim-docker-verify-edit.txt`;
    },
  },
};
