/** `yo slim-docker:verify [DIR]` / `slim-docker verify [DIR]`: prove any directory with a Dockerfile. */
import Generator from 'yeoman-generator';
import { readFlags } from '../../src/input/flags.js';
import { resolveRunSettings } from '../../src/input/run-settings.js';
import type { RunSettings } from '../../src/model.js';
import { declareOptions, verifyDirectory } from '../shared.js';

export default class VerifyGenerator extends Generator {
  private settings!: RunSettings;

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options as never);
    this.argument('dir', { type: String, required: false, default: '.', description: 'Folder with the Dockerfile (default: .)' });
    declareOptions(this, [], ['engine', 'network', 'report', 'keep-image', 'timeout']);
  }

  async initializing(): Promise<void> {
    this.settings = resolveRunSettings(readFlags(this.options), process.env);
  }

  async end(): Promise<void> {
    const dir = this.destinationPath(String((this.options as Record<string, unknown>).dir ?? '.'));
    await verifyDirectory(this, dir, this.settings);
  }
}
