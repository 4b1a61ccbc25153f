import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { ProjectFiles } from '../../src/detect/files.js';
import { parseDockerfile } from '../../src/dockerfile-check.js';
import { languagePack } from '../../src/languages/index.js';
import { detectJava } from '../../src/languages/java-detect.js';
import { bootLayout, java, JLINK_SAFETY_MODULES } from '../../src/languages/java.js';
import { lintDockerfile } from '../../src/lint.js';
import type { Facts } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { findDependencyStep } from '../../src/verify/cache-proof.js';
import { JAVA_ANSWERS, javaDockerfile } from '../support/java-project.js';
import { tempTree } from '../support/temp-tree.js';

const project = (files: Record<string, string>) => new ProjectFiles(tempTree('slim-java-detect-', files));
const detect = (files: Record<string, string>) => detectJava(project(files), java.versions);

const WEB = '<dependency><artifactId>spring-boot-starter-web</artifactId></dependency>';
const pom = (props: string, extra = '', boot = '3.5.16') =>
  `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${boot}</version></parent>
  <artifactId>shop</artifactId><version>1.0.0</version><properties>${props}</properties><dependencies>${WEB}</dependencies>${extra}</project>`;
const APP = '@SpringBootApplication\npublic class App {\n  public static void main(String[] a) {}\n}\n';

const answers = JAVA_ANSWERS;
const dockerfileFor = javaDockerfile;

describe('java pack', () => {
  it('is registered with the JRE base', () => {
    assert.equal(languagePack('java'), java);
    assert.equal(java.baseImage('21', 'jre'), 'eclipse-temurin:21-jre');
    assert.ok(java.versions.includes(java.defaultVersion));
  });

  describe('detection', () => {
    it('a folder without pom.xml or build.gradle is not Java', async () => {
      assert.equal(await detect({ 'main.go': 'package main' }), undefined);
    });

    it('pom.xml: the Java version from maven.compiler.release beats java.version; newer JREs allowed', async () => {
      const facts = await detect({
        'pom.xml': pom('<java.version>21</java.version><maven.compiler.release>17</maven.compiler.release>'),
      });
      assert.equal(facts?.runtimeVersion, '17');
      assert.equal(facts?.versionSource, 'pom.xml <maven.compiler.release>');
      assert.deepEqual(facts?.allowedVersions?.versions, ['17', '21', '25']);
    });

    it('an old release (1.8, 11) runs on the oldest supported JRE; a newer one than any is a problem', async () => {
      assert.equal((await detect({ 'pom.xml': pom('<java.version>1.8</java.version>') }))?.runtimeVersion, '17');
      assert.equal((await detect({ 'pom.xml': pom('<java.version>11</java.version>') }))?.runtimeVersion, '17');
      const future = await detect({ 'pom.xml': pom('<java.version>26</java.version>') });
      assert.equal(future?.runtimeVersion, undefined);
      assert.match(future?.problems[0] ?? '', /needs Java 26, newer than the supported 17, 21, 25/);
    });

    it('the jar: <finalName> or artifactId-version of the project (not the parent or a dependency)', async () => {
      assert.equal((await detect({ 'pom.xml': pom('') }))?.extra.jar, 'target/shop-1.0.0.jar');
      const named = await detect({ 'pom.xml': pom('', '<build><finalName>api</finalName></build>') });
      assert.equal(named?.extra.jar, 'target/api.jar');
      const property = await detect({
        'pom.xml': pom('').replace('<version>1.0.0</version>', '<version>${revision}</version>'),
      });
      assert.equal(property?.extra.jar, undefined, 'a property version is found after the build instead');
    });

    it('server.port: a literal, ${PORT:default} (the app reads PORT), or application.yml', async () => {
      const base = { 'pom.xml': pom('') };
      const literal = await detect({ ...base, 'src/main/resources/application.properties': 'server.port = 9000\n' });
      assert.deepEqual([literal?.port, literal?.portEnv], [9000, undefined]);
      const env = await detect({ ...base, 'src/main/resources/application.properties': 'server.port=${PORT:8088}\n' });
      assert.deepEqual([env?.port, env?.portEnv], [8088, 'PORT']);
      const property = await detect({
        ...base,
        'src/main/resources/application.properties': 'server.port=${app.port:7000}\n',
      });
      assert.deepEqual([property?.port, property?.portEnv], [7000, undefined], 'a Spring property is no env var');
      const yml = await detect({ ...base, 'src/main/resources/application.yml': 'server:\n  port: 8443\n' });
      assert.equal(yml?.port, 8443);
    });

    it('Gradle: the toolchain or sourceCompatibility, the plugin version, the wrapper only with its properties', async () => {
      const groovy = await detect({
        'build.gradle': `plugins { id 'org.springframework.boot' version '3.2.5' }\njava { sourceCompatibility = JavaVersion.VERSION_17 }\ndependencies { implementation 'org.springframework.boot:spring-boot-starter-webflux' }\n`,
        gradlew: '#!/bin/sh\n',
        'gradle/wrapper/gradle-wrapper.properties': 'distributionUrl=https\\://services.gradle.org/x.zip\n',
      });
      assert.equal(groovy?.packageManager, 'gradle');
      assert.equal(groovy?.runtimeVersion, '17');
      assert.deepEqual(groovy?.extra, { buildTool: 'gradle', wrapper: true, kotlinDsl: false, bootVersion: '3.2.5' });
      assert.deepEqual(groovy?.dependencyFiles, ['build.gradle', 'gradlew', 'gradle/']);
      const noProperties = await detect({ 'build.gradle': "id 'org.springframework.boot'", gradlew: '' });
      assert.equal(noProperties?.extra.wrapper, false);
    });

    it('a build without Spring Boot, or without a web starter, is a problem named in one line', async () => {
      const plain = await detect({ 'pom.xml': '<project><artifactId>lib</artifactId></project>' });
      assert.match(plain?.problems[0] ?? '', /not a Spring Boot build/);
      const noWeb = await detect({ 'pom.xml': pom('').replace(WEB, '') });
      assert.match(noWeb?.problems[0] ?? '', /no web starter/);
    });

    it('Maven: .mvn/ is copied with pom.xml (with or without mvnw); multi-module and multi-project builds are problems', async () => {
      const config = await detect({ 'pom.xml': pom(''), '.mvn/maven.config': '-T1C\n' });
      assert.deepEqual(config?.dependencyFiles, ['pom.xml', '.mvn/']);
      assert.equal(config?.extra.wrapper, false);
      const wrapped = await detect({ 'pom.xml': pom(''), mvnw: '', '.mvn/wrapper/maven-wrapper.properties': 'x=y\n' });
      assert.deepEqual(wrapped?.dependencyFiles, ['pom.xml', 'mvnw', '.mvn/']);
      const modules = await detect({ 'pom.xml': pom('', '<modules><module>api</module></modules>') });
      assert.match(modules?.problems[0] ?? '', /multi-module Maven builds are not supported yet/);
      const commented = await detect({ 'pom.xml': pom('', '<!-- <modules><module>api</module></modules> -->') });
      assert.deepEqual(commented?.problems, []);
      const gradle = await detect({
        'build.gradle': "id 'org.springframework.boot'\nspring-boot-starter-web\n",
        'settings.gradle': "rootProject.name = 'x'\ninclude 'api', 'web'\n",
      });
      assert.match(gradle?.problems[0] ?? '', /settings\.gradle includes subprojects/);
    });

    it('the @SpringBootApplication class is the entry point (a bounded walk of src/main/java)', async () => {
      const facts = await detect({
        'pom.xml': pom(''),
        'src/main/java/com/shop/Util.java': 'class Util {}\n',
        'src/main/java/com/shop/ShopApplication.java': APP,
      });
      assert.deepEqual(facts?.entrypoints, ['src/main/java/com/shop/ShopApplication.java']);
    });
  });

  it('bootLayout: tools extract from Boot 3.3, the new launcher package from 3.2', () => {
    assert.deepEqual(bootLayout('3.1.12'), {
      layerTool: 'layertools',
      launcher: 'org.springframework.boot.loader.JarLauncher',
    });
    assert.equal(bootLayout('3.2.5').launcher, 'org.springframework.boot.loader.launch.JarLauncher');
    assert.equal(bootLayout('3.2.5').layerTool, 'layertools');
    assert.equal(bootLayout('3.3.0').layerTool, 'tools');
    assert.equal(bootLayout('4.1.2').layerTool, 'tools');
    assert.equal(bootLayout(undefined).layerTool, 'tools');
  });

  it('the cache-proof edit changes the compiled class (a constant field), not only a comment', () => {
    const edited = java.verification.editSource(APP, 'edited by slim-docker verify x1');
    assert.match(edited, /static final String SLIM_DOCKER_VERIFY_EDIT = "edited by slim-docker verify x1";\n}\n$/);
    assert.ok(edited.startsWith(APP.slice(0, APP.lastIndexOf('}'))));
  });

  describe('rendered Dockerfile', () => {
    it('an old Boot (3.1) extracts with layertools and starts the old launcher', async () => {
      const text = await dockerfileFor({ 'pom.xml': pom('<java.version>21</java.version>', '', '3.1.12') });
      assert.match(text, /java -Djarmode=layertools -jar \/tmp\/app\.jar extract --destination \/out/);
      assert.match(text, /"org\.springframework\.boot\.loader\.JarLauncher"\]$/m);
      assert.match(text, /cp target\/shop-1\.0\.0\.jar \/tmp\/app\.jar/);
      assert.match(text, /^ENV SERVER_PORT=8080$/m, 'Spring reads SERVER_PORT when the app names no variable');
    });

    it('a Gradle wrapper builds on the JDK image with ./gradlew, its folder copied before the code', async () => {
      const text = await dockerfileFor({
        'build.gradle.kts': 'plugins { id("org.springframework.boot") version "3.5.16" }\n// spring-boot-starter-web\n',
        gradlew: '#!/bin/sh\n',
        'gradle/wrapper/gradle-wrapper.properties': 'x=y\n',
      });
      assert.match(text, /^FROM eclipse-temurin:\$\{JAVA_VERSION\}-jdk AS build$/m);
      assert.match(text, /^COPY build\.gradle\.kts gradlew \.\/\nCOPY gradle\/ gradle\/$/m);
      assert.match(text, /\.\/gradlew --no-daemon --console=plain dependencies/);
      assert.match(text, /! -name '\*-plain\.jar'/);
    });

    it('a Maven wrapper builds with MAVEN_CONFIG emptied (older mvnw passes it to Maven as a phase); plain mvn keeps it', async () => {
      const pomText = pom('<java.version>21</java.version>');
      const wrapped = await dockerfileFor({
        'pom.xml': pomText,
        mvnw: '#!/bin/sh\n',
        '.mvn/wrapper/maven-wrapper.properties': 'x=y\n',
      });
      assert.match(wrapped, /^ENV MAVEN_CONFIG=""$/m);
      assert.ok(
        wrapped.indexOf('MAVEN_CONFIG') < wrapped.indexOf('./mvnw -B -ntp dependency:go-offline'),
        'before mvnw runs',
      );
      assert.doesNotMatch(await dockerfileFor({ 'pom.xml': pomText }), /MAVEN_CONFIG/);
    });

    it("a team CA certificate lands in the JDK's truststore in both stages (Java ignores the system bundle)", async () => {
      const all: Facts = { folderName: 'demo', empty: true, detected: [] };
      const rendered = await renderAll(
        plan({ ...answers, sampleApp: true }, all, { caCertificate: 'certs/corp-ca.crt' }),
      );
      const text = rendered.find((file) => file.destination === 'Dockerfile')!.contents;
      const imports = text.match(
        /^RUN keytool -importcert -cacerts .*\n\s+-file \/usr\/local\/share\/ca-certificates\/corp-ca\.crt$/gm,
      );
      assert.equal(imports?.length, 2);
      assert.ok(text.indexOf('keytool') < text.indexOf('dependency:go-offline'), 'before the downloads');
      assert.equal(
        (await renderAll(plan({ ...answers, sampleApp: true }, all)))[0].contents.includes('keytool'),
        false,
      );
    });

    it('jlink: the runtime holds the modules jdeps finds plus every safety module, and is copied before the app', async () => {
      assert.equal(java.baseImage('21', 'jlink'), 'debian:trixie-slim');
      const all: Facts = { folderName: 'demo', empty: true, detected: [] };
      const rendered = await renderAll(
        plan({ ...answers, sampleApp: true, base: 'jlink' }, all, { caCertificate: 'certs/corp-ca.crt' }),
      );
      const text = rendered.find((file) => file.destination === 'Dockerfile')!.contents;
      const modules = /jlink --add-modules "\$\{modules\},\$\(cat \/modules\/app\.txt\),([\w.,]+)\$\{JLINK_EXTRA/
        .exec(text)?.[1]
        .split(',');
      const safety = JLINK_SAFETY_MODULES.map(([module]) => module);
      assert.deepEqual(modules, safety);
      assert.equal(new Set(safety).size, safety.length, 'no module listed twice');
      assert.match(
        text,
        /-exec jdeps --ignore-missing-deps --print-module-deps -q --recursive \\\n\s+--multi-release "\$\{JAVA_VERSION\}" \{\} \+\)"/,
      );
      assert.match(
        text,
        /--no-recursive --multi-release "\$\{JAVA_VERSION\}" \\\n\s+\/out\/application\/BOOT-INF\/classes > \/modules\/app\.txt$/m,
      );
      const parsed = parseDockerfile(text, 'Dockerfile');
      // The jlink stage reads the libraries and the app's module list, never the app's classes.
      const jreStage = parsed.instructions.filter((i) => i.stage === parsed.stages - 2);
      assert.match(jreStage[0].args, / AS jre$/);
      const copied = jreStage.filter((i) => i.keyword === 'COPY').map((i) => i.args.split(/\s+/)[1]);
      assert.deepEqual(copied, ['/out/dependencies/', '/out/snapshot-dependencies/', '/modules/app.txt']);
      const final = parsed.instructions.filter((i) => i.stage === parsed.stages - 1);
      assert.equal(final[0].args, 'debian:trixie-slim');
      const at = (pattern: RegExp) => final.findIndex((i) => pattern.test(`${i.keyword} ${i.args}`));
      const runtime = at(/^COPY --from=jre \/jre \$\{JAVA_HOME\}$/);
      assert.ok(runtime > at(/^RUN groupadd/), 'after the user');
      assert.ok(runtime < at(/^RUN keytool/), 'before keytool, which it provides');
      assert.ok(runtime < at(/^COPY --from=build \/out\/dependencies\//), 'before the layers');
      assert.ok(at(/^ENV PATH="\$\{JAVA_HOME\}\/bin:/) > 0, 'java on PATH for the probe and the ENTRYPOINT');
      assert.deepEqual(lintDockerfile(parsed), []);
      const jre = (await renderAll(plan({ ...answers, sampleApp: true }, all)))[0].contents;
      assert.equal(jre.includes('jlink'), false, 'the jre base is untouched');
    });

    it('the dependency step verification protects is found, before the whole-context COPY', async () => {
      const text = await dockerfileFor({ 'pom.xml': pom('') });
      const parsed = parseDockerfile(text, 'Dockerfile');
      const step = findDependencyStep(parsed, java.verification.dependencyStep);
      assert.ok(step && !step.finalStage, 'in the build stage');
      const copyAll = parsed.instructions.find((i) => i.keyword === 'COPY' && /^\.\s+\.$/.test(i.args));
      assert.ok(copyAll && step.line < copyAll.line);
      assert.deepEqual(lintDockerfile(parsed), []);
    });
  });

  it('lint: go-offline after `COPY . .` is SD003; `mvn package` after it is the build, not an install', () => {
    const bad = parseDockerfile(
      'FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn dependency:go-offline\nRUN mvn package\nUSER 1000\nCMD ["java","-jar","a.jar"]\n',
      'Dockerfile',
    );
    assert.deepEqual(
      lintDockerfile(bad)
        .filter((f) => f.rule === 'SD003')
        .map((f) => f.line),
      [3],
    );
    const runTool = parseDockerfile(
      'FROM maven:3.9-eclipse-temurin-21\nUSER 1000\nCMD ["./mvnw", "spring-boot:run"]\n',
      'Dockerfile',
    );
    assert.ok(lintDockerfile(runTool).some((f) => f.rule === 'SD009'));
  });
});
