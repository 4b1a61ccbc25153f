/**
 * A port held in a constant: `const port = 4000` then `serve({ fetch, port })`, `port: port` or
 * `.listen(port, ...)`. The app ignores PORT then, so the image must expose the constant's value
 * (taking the default 3000 instead leaves verification knocking on a port nobody listens on).
 */

/** A source file (node-source.ts's SourceFile; restated so the two modules do not import each other). */
interface Source {
  path: string;
  text: string;
}

/** `.listen(NAME`, `port: NAME` and the shorthand `{ fetch, port }`: the name the server is given. */
const PORT_USES =
  /\.listen\(\s*([A-Za-z_$][\w$]*)\s*[,)]|\bport\s*:\s*([A-Za-z_$][\w$]*)\s*[,}\n]|[{,]\s*(port)\s*[,}]/g;

/** The first port constant a server is given, in the files' order (entry first). */
export function portFromConstant(files: Source[]): { port: number; where: string } | undefined {
  for (const { path, text } of files)
    for (const use of text.matchAll(PORT_USES)) {
      const name = use[1] ?? use[2] ?? use[3];
      const escaped = name.replace(/\$/g, '\\$');
      const declared = new RegExp(
        `\\b(?:const|let|var)\\s+${escaped}\\s*(?::\\s*number\\s*)?=\\s*(\\d{2,5})\\s*[;\\n]`,
      ).exec(text);
      const port = Number(declared?.[1]);
      if (declared && port > 0 && port < 65536) return { port, where: `${path}: ${declared[0].trim()}` };
    }
  return undefined;
}
