/**
 * `yo slim-docker:ci` / `slim-docker ci`: writes a GitHub Actions workflow that builds the image with
 * BuildKit caching and runs `slim-docker verify` on every push and pull request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFlags } from '../../src/input/flags.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import type { RunSettings } from '../../src/model.js';
import { PACKAGE_ROOT, renderFile, type Overrides } from '../../src/render.js';
import { readProject, templateOverrides } from '../compose/project.js';
import { writeGenerated } from '../../src/session/extra.js';
import { refuseHomeOrRoot } from '../../src/session/files.js';
import { SlimGenerator, syncMemFs, yeomanIO, yeomanPrompter } from '../shared.js';

export const WORKFLOW_FILE = '.github/workflows/docker.yml';

export interface WorkflowData {
  appName: string;
  /** What `npx` runs: this package at this version, so CI verifies with the generator that wrote the files. */
  packageSpec: string;
  nodeVersion: string;
  reportFile: string;
}

export function workflowData(appName: string): WorkflowData {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return {
    appName,
    packageSpec: `${pkg.name}@${pkg.version}`,
    nodeVersion: '20',
    reportFile: 'slim-docker-report.json',
  };
}

export async function renderWorkflow(data: WorkflowData, overrides?: Overrides): Promise<string> {
  const file = {
    template: 'ci/github-workflow.yml.ejs',
    destination: WORKFLOW_FILE,
    kind: 'yaml' as const,
    data: { ...data },
  };
  return (await renderFile(file, overrides)).contents;
}

export default class CiGenerator extends SlimGenerator {
  private settings!: RunSettings;
  private data!: WorkflowData;
  private contents = '';
  private overrides: Overrides | undefined;

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options, 'ci');
  }

  async initializing(): Promise<void> {
    const flags = readFlags(this.options);
    this.settings = resolveRunSettings({ yes: flags.yes, force: flags.force }, {});
    refuseHomeOrRoot(this.destinationRoot(), this.settings.force);
    // The workflow builds ./Dockerfile and `slim-docker verify` reads .yo-rc.json: both must be there and valid.
    const { appName } = await readProject(this.destinationRoot(), 'ci', flags.appName);
    this.data = workflowData(appName);
    this.overrides = await templateOverrides(this.destinationRoot(), flags, yeomanPrompter(this), (line) =>
      this.log(line),
    );
  }

  async configuring(): Promise<void> {
    this.contents = await renderWorkflow(this.data, this.overrides);
  }

  async writing(): Promise<void> {
    syncMemFs(
      this,
      await writeGenerated(yeomanIO(this), this.settings, yeomanPrompter(this), {
        path: WORKFLOW_FILE,
        kind: 'yaml',
        contents: this.contents,
      }),
    );
  }

  end(): void {
    this.log(
      `\n${WORKFLOW_FILE}: on push and pull request, build ${this.data.appName}:ci (BuildKit, GitHub Actions cache) and run \`${this.data.packageSpec} verify\`; the report is uploaded as the artifact slim-docker-report.`,
    );
    this.log('Commit it together with .yo-rc.json (the verify step reads the saved answers).');
    // npx fetches the package from the registry: until this version is published, a packed copy by path.
    this.log(
      `\`npx ${this.data.packageSpec}\` works once that version is on the npm registry; until then commit \`npm pack\`'s ${this.data.packageSpec.replace(/@/g, '-')}.tgz and run \`npx --yes ./${this.data.packageSpec.replace(/@/g, '-')}.tgz verify .\` (the workflow says so beside the step).`,
    );
  }
}
