/**
 * `slim-docker eject-templates DIR`: writes the built-in templates and a description of the data each
 * receives, as the starting point of a team starter (use it with --templates DIR or the team config).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TEMPLATES_DIR } from '../../src/render.js';
import { SlimGenerator } from '../shared.js';

/** The data every template receives (answers, plan values, pack values and helpers). */
export const TEMPLATE_DATA: readonly [string, string][] = [
  [
    'appName, language, framework, entrypoint, runtimeVersion, port, base, sampleApp, buildkit',
    'the answers, validated (see README "Questions and options")',
  ],
  [
    'user, uid',
    'the non-root app user and its uid (team config `uid` overrides 10001; node uses its image user, distroless its nonroot)',
  ],
  ['registry', 'base-image prefix from the team config, e.g. "mycorp.example/" ("" without one)'],
  ['labels', 'OCI labels from the team config: { key: value }'],
  ['caCertificate', 'path of the team CA certificate inside the project, or undefined'],
  [
    'healthPath, healthBelow',
    'what the HEALTHCHECK requests and the status it must stay below (sample: /health, 400; existing app: /, 500)',
  ],
  ['greeting', "the sample app's greeting (verification edits it for the cache proof)"],
  [
    'packageManager, dependencyFiles, extraPackages, extra',
    'what detection found in an existing project (e.g. pip + requirements.txt; gunicorn to add; python src/ layout)',
  ],
  [
    'buildSecrets',
    "package-manager configs the install reads as BuildKit secrets: [{ id, file, target, why }] (an existing project's .npmrc or pip.conf; render each as `--mount=type=secret,id=…,target=…`)",
  ],
  [
    'imageTag, pins, tools, entryFile, runtimeImage, binary, ...',
    'language-pack values: see src/languages/<language>.ts templateData()',
  ],
  [
    'execForm(array), execArg(value), word(value), labelValue(value), pyString(value)',
    'escaping helpers: render every value through one of them with <%- %> (EJS <%= %> escapes HTML, not Dockerfiles); they refuse newlines',
  ],
];

export default class EjectTemplatesGenerator extends SlimGenerator {
  constructor(args: string[], options: Record<string, unknown>) {
    super(args, options, 'eject-templates');
  }

  writing(): void {
    const target = this.destinationPath(String((this.options as Record<string, unknown>).dir));
    const files: string[] = [];
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) visit(path);
        else files.push(relative(TEMPLATES_DIR, path));
      }
    };
    visit(TEMPLATES_DIR);
    for (const file of files.sort()) this.fs.copy(join(TEMPLATES_DIR, file), join(target, file));
    const rows = TEMPLATE_DATA.map(([keys, meaning]) => `| \`${keys}\` | ${meaning} |`).join('\n');
    this.fs.write(
      join(target, 'TEMPLATES.md'),
      `# slim-docker templates\n\nEjected from generator-slim-docker. Edit any file and pass this folder with \`--templates ${relative(this.destinationRoot(), target) || '.'}\`\n` +
        'or `"templates"` in `.slim-docker.json`; a file you delete falls back to the built-in one. Overridden\n' +
        'templates go through the same escaping helpers, the Dockerfile parse and verification.\n\n' +
        `## Files\n\n${files
          .sort()
          .map((file) => `- \`${file}\``)
          .join('\n')}\n\n## Data each template receives\n\n| name | meaning |\n|---|---|\n${rows}\n`,
    );
  }

  end(): void {
    this.log(
      `Templates written. Use them with: slim-docker --templates ${String((this.options as Record<string, unknown>).dir)}`,
    );
  }
}
