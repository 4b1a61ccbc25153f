/** `slim-docker:dockerignore`: writes (or merges into) only the .dockerignore. */
import AppGenerator from '../app/index.js';

export default class DockerignoreGenerator extends AppGenerator {
  protected override scope = { kinds: ['dockerignore'] as const, verifies: false };

  constructor(args: string[], options: Record<string, unknown>) {
    // inheritTasks: Yeoman runs only a class's own methods unless told to take the parent's too.
    super(args, options, { inheritTasks: true });
  }
}
