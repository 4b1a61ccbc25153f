/** A detected Java project rendered with the usual answers: the Dockerfile the pack writes for it. */
import assert from 'node:assert/strict';
import { ProjectFiles } from '../../src/detect/files.js';
import { detectJava } from '../../src/languages/java-detect.js';
import { java } from '../../src/languages/java.js';
import type { Answers, Facts } from '../../src/model.js';
import { plan } from '../../src/plan.js';
import { renderAll } from '../../src/render.js';
import { tempTree } from './temp-tree.js';

export const JAVA_ANSWERS: Answers = {
  appName: 'demo',
  language: 'java',
  framework: 'spring-boot',
  entrypoint: 'src/main/java/App.java',
  runtimeVersion: '21',
  port: 8080,
  base: 'jre',
  sampleApp: false,
  buildkit: true,
};

export async function javaDockerfile(files: Record<string, string>): Promise<string> {
  const facts = await detectJava(new ProjectFiles(tempTree('slim-java-', files)), java.versions);
  assert.ok(facts, 'detected');
  const all: Facts = { folderName: 'demo', empty: false, language: 'java', detected: [facts] };
  return (await renderAll(plan(JAVA_ANSWERS, all))).find((file) => file.destination === 'Dockerfile')!.contents;
}
