/**
 * How a run asks its questions. The core only knows this interface: the package's own bin answers it
 * with @inquirer's prompts directly (loaded on the first question, so `--yes` never pays for them),
 * and the Yeoman generators with `this.prompt` (so yo's adapter and yeoman-test's answers work).
 */
export interface Choice {
  name: string;
  value: string;
  /** What the finished prompt shows (default: name). */
  short?: string;
  /** Shown under the list while the choice is highlighted (detail that does not fit one line). */
  description?: string;
}

export interface Prompter {
  /** A list to pick from (@inquirer `select`: arrow keys, Enter; the default is preselected). */
  select(name: string, message: string, choices: Choice[], defaultValue: string | undefined): Promise<string>;
  /**
   * Free text. Enter on an empty line takes the default (also after the default was erased); an
   * invalid answer is re-asked in place with the reason under it.
   */
  input(
    name: string,
    message: string,
    defaultValue: string,
    validate: (value: string) => true | string,
  ): Promise<string>;
  confirm(name: string, message: string, defaultValue: boolean): Promise<boolean>;
}

/** An input validator that lets an empty answer stand for the default. */
export const emptyMeansDefault = (validate: (value: string) => true | string) => (value: string) =>
  value.trim() === '' ? true : validate(value);

/** The bin's prompter: @inquirer's select/input/confirm on the process's terminal, imported when first used. */
export function terminalPrompter(): Prompter {
  return {
    async select(_name, message, choices, defaultValue) {
      const { default: select } = await import('@inquirer/select');
      return select({ message, choices, default: defaultValue, pageSize: 12 });
    },
    async input(_name, message, defaultValue, validate) {
      const { default: input } = await import('@inquirer/input');
      // An emptied line takes the default, and the finished prompt shows it (not a blank).
      const transformer = (value: string, { isFinal }: { isFinal: boolean }) =>
        isFinal && value.trim() === '' ? defaultValue : value;
      const answer = await input({
        message,
        default: defaultValue,
        validate: emptyMeansDefault(validate),
        transformer,
      });
      return answer.trim() === '' ? defaultValue : answer;
    },
    async confirm(_name, message, defaultValue) {
      const { default: confirm } = await import('@inquirer/confirm');
      return confirm({ message, default: defaultValue });
    },
  };
}
