/**
 * `yo slim-docker:compose` / `slim-docker compose`: writes compose.yaml for a project slim-docker made,
 * from its saved answers and its Dockerfile (the healthcheck is the Dockerfile's own).
 */
import { InputError } from '../../src/errors.js';
import { parsePort } from '../../src/input/fields.js';
import { readFlags } from '../../src/input/flags.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import { composeCommand } from '../../src/session/engine-facts.js';
import type { RunSettings } from '../../src/model.js';
import { renderFile, type Overrides } from '../../src/render.js';
import { writeGenerated } from '../../src/session/extra.js';
import { refuseHomeOrRoot } from '../../src/session/files.js';
import { SlimGenerator, syncMemFs, yeomanIO, yeomanPrompter } from '../shared.js';
import { exposedPorts, healthcheckOf, readProject, templateOverrides, type Healthcheck } from './project.js';

export const COMPOSE_FILE = 'compose.yaml';

export interface ComposeData {
  appName: string;
  /** The port the app listens on in the container (the saved answer). */
  port: number;
  /** The port published on 127.0.0.1 (default: the same). */
  hostPort: number;
  healthcheck: Healthcheck | undefined;
}

export async function renderCompose(data: ComposeData, overrides?: Overrides): Promise<string> {
  const file = {
    template: 'compose/compose.yaml.ejs',
    destination: COMPOSE_FILE,
    kind: 'yaml' as const,
    data: { ...data },
  };
  return (await renderFile(file, overrides)).contents;
}

export default class ComposeGenerator extends SlimGenerator {
  private settings!: RunSettings;
  private data!: ComposeData;
  private contents = '';
  private overrides: Overrides | undefined;

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options, 'compose');
  }

  async initializing(): Promise<void> {
    const flags = readFlags(this.options);
    this.settings = resolveRunSettings({ yes: flags.yes, force: flags.force }, {});
    refuseHomeOrRoot(this.destinationRoot(), this.settings.force);
    const hostPort = flags.port === undefined ? undefined : parsePort('--port', flags.port);
    const project = await readProject(this.destinationRoot(), 'compose', flags.appName);
    const exposed = exposedPorts(project.dockerfile);
    let port = project.port;
    if (port === undefined) {
      if (exposed.length === 0)
        throw new InputError(
          '.yo-rc.json "port"',
          'is not saved and the Dockerfile has no EXPOSE; rerun `slim-docker` to save it',
        );
      port = exposed[0];
    } else if (exposed.length > 0 && !exposed.includes(port)) {
      throw new InputError(
        '.yo-rc.json "port"',
        `is ${port} but the Dockerfile EXPOSEs ${exposed.join(', ')}; rerun \`slim-docker\` so they agree`,
      );
    }
    this.data = {
      appName: project.appName,
      port,
      hostPort: hostPort ?? port,
      healthcheck: healthcheckOf(project.dockerfile),
    };
    this.overrides = await templateOverrides(this.destinationRoot(), flags, yeomanPrompter(this), (line) =>
      this.log(line),
    );
  }

  async configuring(): Promise<void> {
    // Rendered and parsed before anything is queued, so a failure writes nothing.
    this.contents = await renderCompose(this.data, this.overrides);
  }

  async writing(): Promise<void> {
    syncMemFs(
      this,
      await writeGenerated(yeomanIO(this), this.settings, yeomanPrompter(this), {
        path: COMPOSE_FILE,
        kind: 'yaml',
        contents: this.contents,
      }),
    );
  }

  async end(): Promise<void> {
    const { appName, hostPort, port, healthcheck } = this.data;
    this.log(
      `\n${COMPOSE_FILE}: service ${appName}, http://127.0.0.1:${hostPort} → container port ${port}${healthcheck ? ', healthcheck from the Dockerfile' : ', no healthcheck (the Dockerfile has none)'}.`,
    );
    // Only a compose command that runs here (issue 22 item 4).
    const compose = await composeCommand(process.env.SLIM_DOCKER_ENGINE || 'docker');
    this.log(
      compose
        ? `Start it with \`${compose} up --build -d\`; \`${compose} ps\` shows its health.`
        : 'No Compose is installed here (the docker compose plugin, or docker-compose): install one, then `docker compose up --build -d`.',
    );
  }
}
