/**
 * `slim-docker preset init DIR` (`yo slim-docker:preset init DIR`): writes a team preset package, ready
 * to test and publish: package.json (keyword slim-docker-preset, peer on generator-slim-docker), the
 * config, the built-in templates of the languages asked (and the shared ones) ejected, a README and a
 * mocha + yeoman-test test that renders every language with the preset and verifies one sample.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { InputError } from '../../src/errors.js';
import { LANGUAGE_IDS } from '../../src/languages/index.js';
import { parsePresetNames } from '../../src/presets/resolve.js';
import { PACKAGE_ROOT, TEMPLATES_DIR } from '../../src/render.js';
import { SlimGenerator } from '../shared.js';
import { config, packageJson, presetTest, readme, type PresetPlan } from './files.js';

/** The templates every language shares (the secret rules of .dockerignore, compose, CI). */
const SHARED_TEMPLATES = ['common'];

export function parseLanguages(field: string, raw: unknown): string[] {
  const words = String(raw)
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
  if (words.length === 0) throw new InputError(field, `name at least one of ${LANGUAGE_IDS.join(', ')}`);
  for (const word of words)
    if (!LANGUAGE_IDS.includes(word))
      throw new InputError(field, `${JSON.stringify(word)} is not allowed; use ${LANGUAGE_IDS.join(', ')}`);
  return [...new Set(words)];
}

const defaultName = (dir: string) =>
  basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._]+/, '') || 'slim-docker-preset';

export default class PresetGenerator extends SlimGenerator {
  #plan!: PresetPlan;
  #target!: string;

  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options, 'preset');
  }

  async prompting(): Promise<void> {
    const options = this.options as Record<string, unknown>;
    if (options.action !== 'init')
      throw new InputError(
        'ACTION',
        `${JSON.stringify(String(options.action))} is not an action; use: preset init DIR`,
      );
    this.#target = this.destinationPath(String(options.dir));
    if (existsSync(this.#target) && (!statSync(this.#target).isDirectory() || readdirSync(this.#target).length > 0))
      throw new InputError('DIR', `${this.#target} is not an empty folder; preset init writes a new package`);
    const yes = options.yes === true || options.yes === 'true';
    // Every flag is checked before the first question.
    const nameFlag = options.name === undefined ? undefined : parsePresetNames('--name', options.name);
    if (nameFlag && nameFlag.length !== 1) throw new InputError('--name', 'give one package name');
    const languagesFlag =
      options.languages === undefined ? undefined : parseLanguages('--languages', options.languages);
    const ask = async (name: string, message: string, fallback: string, parse: (value: string) => unknown) => {
      const answer = (await this.prompt([
        {
          type: 'input',
          name,
          message,
          default: fallback,
          validate: (value: string) => {
            try {
              parse(value.trim() === '' ? fallback : value);
              return true;
            } catch (error) {
              return error instanceof InputError ? error.detail : (error as Error).message;
            }
          },
        } as never,
      ])) as Record<string, string | undefined>;
      const value = answer[name];
      return value === undefined || String(value).trim() === '' ? fallback : String(value);
    };
    const name =
      nameFlag?.[0] ??
      (yes
        ? defaultName(this.#target)
        : await ask('name', 'npm package name of the preset', defaultName(this.#target), (value) =>
            parsePresetNames('name', value),
          ));
    parsePresetNames('--name', name);
    const languages =
      languagesFlag ??
      (yes
        ? [...LANGUAGE_IDS]
        : parseLanguages(
            'languages',
            await ask('languages', 'Templates for which languages (comma list)', LANGUAGE_IDS.join(','), (value) =>
              parseLanguages('languages', value),
            ),
          ));
    const ourVersion = String(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version);
    this.#plan = { name: name.trim(), languages, ourVersion };
  }

  writing(): void {
    const to = (path: string) => join(this.#target, path);
    this.fs.write(to('package.json'), packageJson(this.#plan));
    this.fs.write(to('slim-docker.json'), config(this.#plan));
    this.fs.write(to('README.md'), readme(this.#plan));
    this.fs.write(to('test/preset.test.js'), presetTest());
    this.fs.write(to('.gitignore'), 'node_modules/\n*.tgz\n');
    for (const folder of [...SHARED_TEMPLATES, ...this.#plan.languages]) {
      const from = join(TEMPLATES_DIR, folder);
      if (existsSync(from))
        this.fs.copy(join(from, '**'), to(join('templates', folder)), { globOptions: { dot: true } });
    }
  }

  end(): void {
    const shown = relative(process.cwd(), this.#target) || '.';
    this.log(`Preset ${this.#plan.name} written to ${shown}.`);
    this.log('Next steps:');
    this.log(`  cd ${shown} && npm install && npm test     # renders every language, verifies a sample`);
    this.log('  npm publish                                   # then, in a service:');
    this.log(`  npm install --save-dev ${this.#plan.name} && slim-docker --preset ${this.#plan.name}`);
  }
}
