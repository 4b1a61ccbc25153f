import type { Target } from './target.js';

/** Resolves the final stage's base image, following stage aliases and global ARG defaults. */
export function finalBaseImage(target: Target): string {
  const args = new Map<string, string>();
  const froms: { image: string; alias?: string }[] = [];
  for (const instruction of target.parsed.instructions) {
    if (instruction.keyword === 'ARG' && froms.length === 0) {
      const [name, value = ''] = instruction.args.split('=');
      args.set(name.trim(), value.trim().replace(/^"|"$/g, ''));
    }
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--platform'));
      const image = words[0].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args.get(a ?? b) ?? '');
      froms.push({ image, alias: words[1]?.toLowerCase() === 'as' ? words[2] : undefined });
    }
  }
  let image = froms[froms.length - 1].image;
  for (let hops = 0; hops < froms.length; hops++) {
    const stage = froms.find((from) => from.alias === image);
    if (!stage) break;
    image = stage.image;
  }
  return image;
}
