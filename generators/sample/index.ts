/** `slim-docker:sample`: writes only the sample app (into an empty folder; never next to a project). */
import AppGenerator from '../app/index.js';

export default class SampleGenerator extends AppGenerator {
  protected override scope = { kinds: ['source'] as const, verifies: false };

  constructor(args: string[], options: Record<string, unknown>) {
    // inheritTasks: Yeoman runs only a class's own methods unless told to take the parent's too.
    super(args, options, { inheritTasks: true });
  }
}
