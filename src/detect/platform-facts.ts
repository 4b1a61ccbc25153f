/**
 * The platform files' facts (platform-files.ts) joined to a language's detection: the web command
 * as the start command when this image can run it (else a note saying why not), the release command
 * as a release step, fly.toml's internal_port as the port, and the variables the files declare.
 */
import { join } from 'shlex';
import type { AnyPack } from '../languages/index.js';
import { adoptStart, commandWords } from '../languages/start-command.js';
import type { LanguageFacts, PlatformFacts } from '../model.js';

const shown = (command: string | string[]) => (typeof command === 'string' ? command : join(command));

export function applyPlatform(facts: LanguageFacts, platform: PlatformFacts, pack: AnyPack): void {
  const notes = [...platform.problems];
  if (platform.port && facts.port === undefined) facts.port = platform.port.value;
  const env = [...platform.env];
  if (platform.web) {
    const { command, source } = platform.web;
    let words: ReturnType<typeof commandWords>;
    try {
      words = commandWords(command);
    } catch {
      words = { problem: 'it has an unbalanced quote' };
    }
    const adopted = 'problem' in words ? words : adoptStart(pack, words.argv, facts.port ?? pack.defaultPort, facts);
    if ('problem' in adopted || 'problem' in words) {
      notes.push(
        `start command from ${source} not used: ${shown(command)} (${'problem' in adopted ? adopted.problem : ''}); give one with --command`,
      );
    } else {
      facts.startCommand = { argv: words.argv, source };
      // $PORT in the command: the image sets PORT too, so the app and its command agree.
      if (/\$\{?PORT\b/.test(shown(command))) facts.portEnv ??= 'PORT';
      for (const variable of words.env)
        if (!env.some((known) => known.name === variable.name)) env.push({ ...variable, required: false, source });
    }
  }
  if (platform.release) {
    const command = shown(platform.release.command);
    if (pack.releaseStep) facts.releaseCommands = [...new Set([...(facts.releaseCommands ?? []), command])];
    else
      notes.push(
        `${platform.release.source} release command ${command}: run it yourself before each deploy (the ${pack.label} image has no release step)`,
      );
  }
  if (env.length) facts.platformEnv = env;
  const required = env.filter((variable) => variable.required);
  if (required.length)
    notes.push(
      `${required.map((variable) => `${variable.name} (${variable.source})`).join(', ')} need${required.length === 1 ? 's' : ''} a value where the image runs: docker run -e NAME=…, or --env-file for verification`,
    );
  if (notes.length) facts.notes = [...(facts.notes ?? []), ...notes];
}
