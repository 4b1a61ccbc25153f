/** `yo slim-docker:verify [DIR]` / `slim-docker verify [DIR]`: prove any directory with a Dockerfile. */
import Generator from 'yeoman-generator';
import { parsePort } from '../../src/input/fields.js';
import { readFlags } from '../../src/input/flags.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import type { RunSettings } from '../../src/model.js';
import { declareOptions, verifyDirectory } from '../shared.js';

export default class VerifyGenerator extends Generator {
  private settings!: RunSettings;
  private port: number | undefined;

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    this.argument('dir', { type: String, required: false, default: '.', description: 'Folder with the Dockerfile (default: .)' });
    declareOptions(this, [], ['engine', 'network', 'report', 'keep-image', 'timeout', 'http-path']);
    this.option('port', { type: String, description: 'Port the app listens on, when the Dockerfile has no EXPOSE and no saved port' });
  }

  async initializing(): Promise<void> {
    const flags = readFlags(this.options);
    this.settings = resolveRunSettings(flags, process.env);
    this.port = flags.port === undefined ? undefined : parsePort('--port', flags.port);
  }

  async end(): Promise<void> {
    const dir = this.destinationPath(String((this.options as Record<string, unknown>).dir ?? '.'));
    await verifyDirectory(this, dir, this.settings, { port: this.port });
  }
}
