/** `yo slim-docker:verify [DIR]` / `slim-docker verify [DIR]`: prove any directory with a Dockerfile. */
import { runVerifyCommand } from '../../src/session/run.js';
import { SlimGenerator } from '../shared.js';

export default class VerifyGenerator extends SlimGenerator {
  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options, 'verify');
  }

  async end(): Promise<void> {
    const dir = this.destinationPath(String((this.options as Record<string, unknown>).dir ?? '.'));
    await runVerifyCommand(dir, this.options as Record<string, unknown>, process.env, (line) => this.log(line));
  }
}
