/** `slim-docker:dockerfile`: the same questions as the app generator, writing only the Dockerfile. */
import AppGenerator from '../app/index.js';

export default class DockerfileGenerator extends AppGenerator {
  protected override scope = { kinds: ['dockerfile'] as const, verifies: false };

  constructor(args: string[], options: Record<string, unknown>) {
    // inheritTasks: Yeoman runs only a class's own methods unless told to take the parent's too.
    super(args, options, { inheritTasks: true });
  }
}
