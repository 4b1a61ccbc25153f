/** A Spring Boot pom without spring-boot-maven-plugin (spring-guides run `spring-boot:run`): the image build repackages. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { ProjectFiles } from '../../src/detect/files.js';
import { bootRepackage, detectJava } from '../../src/languages/java-detect.js';
import { java } from '../../src/languages/java.js';
import { javaDockerfile } from '../support/java-project.js';
import { tempTree } from '../support/temp-tree.js';

const WEB =
  '<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>';
const PARENT =
  '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>4.0.6</version></parent>';
const PLUGIN =
  '<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>';
const pom = (head: string, tail = '') =>
  `<project>${head}<artifactId>shop</artifactId><version>1.0.0</version><dependencies>${WEB}</dependencies>${tail}</project>`;
const GOAL = 'org.springframework.boot:spring-boot-maven-plugin:repackage';

const dockerfileFor = (pomText: string) => javaDockerfile({ 'pom.xml': pomText });

describe('java: a Spring Boot pom without spring-boot-maven-plugin', () => {
  it('under spring-boot-starter-parent: repackage without a version (the parent manages it), and a note', async () => {
    const facts = await detectJava(
      new ProjectFiles(tempTree('slim-java-repackage-', { 'pom.xml': pom(PARENT) })),
      java.versions,
    );
    assert.equal(facts?.extra.repackage, GOAL);
    assert.match(
      facts?.notes?.join('\n') ?? '',
      /does not declare spring-boot-maven-plugin.*spring-boot-starter-parent/,
    );
    assert.deepEqual(facts?.problems, []);
  });

  it('declared in <build><plugins>: nothing added', () => {
    assert.equal(bootRepackage(pom(PARENT, PLUGIN), '4.0.6'), undefined);
  });

  it('declared only in pluginManagement, a profile or a comment: still repackaged (none of them runs it)', () => {
    const managed = `<build><pluginManagement><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></pluginManagement></build>`;
    const profile = `<profiles><profile><id>boot</id>${PLUGIN}</profile></profiles>`;
    for (const tail of [managed, profile, `<!-- ${PLUGIN} -->`])
      assert.equal(bootRepackage(pom(PARENT, tail), '4.0.6')?.goal, GOAL, tail);
  });

  it('without the parent: the Boot version the pom names (a BOM literal or a property), else none', () => {
    const bom = (version: string, props = '') =>
      pom(
        `<properties>${props}</properties><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>${version}</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>`,
      );
    assert.equal(
      bootRepackage(bom('3.5.16'), '3.5.16')?.goal,
      'org.springframework.boot:spring-boot-maven-plugin:3.5.16:repackage',
    );
    assert.equal(
      bootRepackage(bom('${spring-boot.version}', '<spring-boot.version>3.4.2</spring-boot.version>'), undefined)?.goal,
      'org.springframework.boot:spring-boot-maven-plugin:3.4.2:repackage',
    );
    const unknown = bootRepackage(bom('${boot}'), undefined);
    assert.equal(unknown?.goal, GOAL);
    assert.match(unknown?.note ?? '', /newest version Maven finds/);
  });

  it('the Dockerfile runs repackage after package and fetches the plugin with the dependencies', async () => {
    const text = await dockerfileFor(pom(PARENT));
    assert.match(text, /dependency:go-offline org\.springframework\.boot:spring-boot-maven-plugin:help$/m);
    assert.match(text, /-DskipTests package org\.springframework\.boot:spring-boot-maven-plugin:repackage \\$/m);
    assert.match(text, /^# pom\.xml does not declare spring-boot-maven-plugin/m);
    const declared = await dockerfileFor(pom(PARENT, PLUGIN));
    assert.doesNotMatch(declared, /spring-boot-maven-plugin/);
    assert.match(declared, /-DskipTests package \\$/m);
  });
});
