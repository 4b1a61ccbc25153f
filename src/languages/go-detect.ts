/** Go project detection: go.mod (module, go directive), main package location, port. */
import type { ProjectFiles } from '../detect/files.js';
import type { LanguageFacts } from '../options.js';

export async function detectGo(files: ProjectFiles, supported: readonly string[]): Promise<LanguageFacts | undefined> {
  const mod = await files.read('go.mod');
  if (mod === undefined) return undefined;
  const facts: LanguageFacts = { language: 'go', evidence: ['go.mod'], entrypoints: [], dependencyFiles: ['go.mod'], extraPackages: [], extra: {}, problems: [], framework: 'net/http', packageManager: 'go' };
  if (await files.exists('go.sum')) facts.dependencyFiles.push('go.sum');
  facts.evidence = [...facts.dependencyFiles];

  const directive = /^go\s+(\d+\.\d+)/m.exec(mod)?.[1];
  if (directive) {
    // The go directive is a minimum: the newest supported toolchain at or above it builds the module.
    const [major, minor] = directive.split('.').map(Number);
    const allowed = supported.filter((v) => { const [a, b] = v.split('.').map(Number); return a > major || (a === major && b >= minor); });
    if (allowed.length) facts.runtimeVersion = allowed.includes(directive) ? directive : allowed[0];
    else facts.problems.push(`go.mod needs Go ${directive}, newer than the supported ${supported.join(', ')}`);
  }

  // Main packages: the module root, or cmd/<name>/ (the usual layout); each is a candidate entry point.
  const mains: string[] = [];
  const isMain = async (dir: string) => {
    for (const name of await files.list(dir)) {
      if (name.endsWith('.go') && !name.endsWith('_test.go') && /^package main\b/m.test((await files.read(dir ? `${dir}/${name}` : name)) ?? '')) return true;
    }
    return false;
  };
  if (await isMain('')) mains.push('.');
  for (const name of await files.list('cmd')) {
    if (name.endsWith('/') && (await isMain(`cmd/${name.slice(0, -1)}`))) mains.push(`./cmd/${name.slice(0, -1)}`);
  }
  facts.entrypoints = mains;
  if (!mains.length) facts.problems.push('no main package at the module root or in cmd/<name>/: pass --entrypoint ./path/to/main');

  for (const main of mains.slice(0, 1)) {
    const dir = main === '.' ? '' : main.slice(2);
    for (const name of await files.list(dir)) {
      if (!name.endsWith('.go')) continue;
      const port = /(?:Addr:\s*|ListenAndServe\(\s*|PORT.*?)"[^"]*:(\d{2,5})"/.exec((await files.read(dir ? `${dir}/${name}` : name)) ?? '')?.[1];
      if (port) {
        facts.port = Number(port);
        break;
      }
    }
  }
  return facts;
}
