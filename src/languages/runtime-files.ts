/**
 * Files a compiled app reads from its working directory at run time (gin's templates/ and static/,
 * a Tera templates folder, a config file opened by a relative path). The final stage of a compiled
 * language holds only the binary, so without them the app fails at start (`pattern matches no files`)
 * or answers 404: they are copied next to it. Found from string literals in the code's own calls, and
 * kept only when the path exists in the project; what is compiled into the binary (Go's //go:embed,
 * Rust's include_str!) is left out, as is anything that is not a plain relative path.
 */
import type { ProjectFiles } from '../detect/files.js';
import { isPlainRelativePath } from '../detect/paths.js';
import type { RuntimeFile } from '../model.js';

export type { RuntimeFile } from '../model.js';

/** A literal path a call reads, before it is checked against the project. */
export interface RuntimeReference {
  literal: string;
  call: string;
}

/** A Go/Rust/Java string literal: "…" without escapes (a path with escapes is no plain path anyway). */
const STRING = '"([^"\\\\\\n]*)"';

/** Calls whose first string argument (or every one, `all`) is a path read at run time. */
interface CallPattern {
  call: string;
  /** Matches the call up to its opening parenthesis; the argument list follows. */
  opens: RegExp;
  /** The argument holding the path: 0 the first literal, 1 the second (gin's Static("/static", "./static")), 'all' every one. */
  arg: number | 'all';
}

const GO_CALLS: readonly CallPattern[] = [
  { call: 'LoadHTMLGlob', opens: /\.LoadHTMLGlob\(/g, arg: 0 },
  { call: 'LoadHTMLFiles', opens: /\.LoadHTMLFiles\(/g, arg: 'all' },
  // gin, echo and fiber: Static(prefix, root); gin's StaticFile(path, file).
  { call: 'Static', opens: /\.Static\(/g, arg: 1 },
  { call: 'StaticFile', opens: /\.StaticFile\(/g, arg: 1 },
  { call: 'http.Dir', opens: /\bhttp\.Dir\(/g, arg: 0 },
  { call: 'ParseGlob', opens: /\btemplate\.ParseGlob\(/g, arg: 0 },
  { call: 'ParseFiles', opens: /\btemplate\.ParseFiles\(/g, arg: 'all' },
  { call: 'os.ReadFile', opens: /\bos\.ReadFile\(/g, arg: 0 },
  { call: 'os.Open', opens: /\bos\.Open\(/g, arg: 0 },
];

const RUST_CALLS: readonly CallPattern[] = [
  { call: 'ServeDir::new', opens: /\bServeDir::new\(/g, arg: 0 },
  { call: 'ServeFile::new', opens: /\bServeFile::new\(/g, arg: 0 },
  { call: 'Tera::new', opens: /\bTera::new\(/g, arg: 0 },
  // actix-files: Files::new(mount, folder); rocket: FileServer::from(folder).
  { call: 'Files::new', opens: /\bFiles::new\(/g, arg: 1 },
  { call: 'FileServer::from', opens: /\bFileServer::from\(/g, arg: 0 },
  { call: 'fs::read_to_string', opens: /\bfs::read_to_string\(/g, arg: 0 },
  { call: 'fs::read', opens: /\bfs::read\(/g, arg: 0 },
  { call: 'File::open', opens: /\bFile::open\(/g, arg: 0 },
];

// Spring Boot reads its resources from the jar's classpath: only plain file-system paths count.
const JAVA_CALLS: readonly CallPattern[] = [
  { call: 'new File', opens: /\bnew\s+(?:java\.io\.)?File\(/g, arg: 0 },
  { call: 'Paths.get', opens: /\bPaths\.get\(/g, arg: 0 },
  { call: 'Path.of', opens: /\bPath\.of\(/g, arg: 0 },
];

/** Every path literal the calls read, in the order found. */
function referencesOf(text: string, calls: readonly CallPattern[]): RuntimeReference[] {
  const found: RuntimeReference[] = [];
  for (const { call, opens, arg } of calls)
    for (const match of text.matchAll(opens)) {
      // The argument list: up to the closing parenthesis of this call (literals hold no parentheses here).
      const rest = text.slice(match.index + match[0].length, match.index + match[0].length + 400);
      const args = rest.slice(0, rest.indexOf(')') === -1 ? rest.length : rest.indexOf(')'));
      // A path built at run time (a variable first, a format call) is not a literal: left alone.
      const parts = splitArgs(args);
      const chosen = arg === 'all' ? parts : parts.slice(arg, arg + 1);
      for (const part of chosen) {
        const literal = new RegExp(`^\\s*${STRING}\\s*$`).exec(part)?.[1];
        // Printable ASCII only: the call is quoted in a Dockerfile comment.
        if (literal !== undefined && /^[\x20-\x7e]+$/.test(literal)) found.push({ literal, call });
      }
    }
  return found;
}

/** Top-level commas of an argument list (literals hold none that matter: a comma in one splits it, and it is no plain path). */
const splitArgs = (args: string) => args.split(',');

export const goReferences = (text: string) => referencesOf(text, GO_CALLS);
export const rustReferences = (text: string) => referencesOf(text, RUST_CALLS);
export const javaReferences = (text: string) => referencesOf(text, JAVA_CALLS);

/** The patterns of Go's //go:embed lines (compiled into the binary, never read from the disk). */
export function goEmbedPatterns(text: string): string[] {
  return [...text.matchAll(/^\/\/go:embed\s+(.+)$/gm)].flatMap((match) =>
    [...match[1].matchAll(/"([^"]+)"|`([^`]+)`|(\S+)/g)].map((part) => part[1] ?? part[2] ?? part[3]),
  );
}

/**
 * The path to copy for a literal: `./static` → static, `templates/*.tmpl.html` → templates (the folder
 * above the first glob), `templates/**\/*` → templates. Undefined for a path that is absolute, climbs out,
 * names the working directory itself, or is not plain (src/detect/paths.ts).
 */
export function copiedPath(literal: string): string | undefined {
  const parts: string[] = [];
  for (const part of literal.replace(/\/+$/, '').split('/')) {
    if (/[*?[{]/.test(part)) break;
    if (part === '.' && !parts.length) continue;
    parts.push(part);
  }
  if (literal.startsWith('/')) return undefined;
  const path = parts.join('/');
  return isPlainRelativePath(path) ? path : undefined;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/**
 * The references whose path the project holds: folders first kept whole (a path inside a kept folder
 * is not copied twice), each with the call that reads it. `embedded` are paths compiled in (skipped);
 * `foldersOnly` keeps folders alone (Java: a file path is too often a file the app writes).
 */
export async function runtimeFilesIn(
  files: ProjectFiles,
  references: readonly RuntimeReference[],
  options: { embedded?: readonly string[]; foldersOnly?: boolean } = {},
): Promise<RuntimeFile[]> {
  const embedded = (options.embedded ?? []).map(copiedPath).filter((path): path is string => path !== undefined);
  const candidates = new Map<string, RuntimeFile>();
  for (const { literal, call } of references) {
    const path = copiedPath(literal);
    if (!path || candidates.has(path)) continue;
    if (embedded.some((folder) => under(path, folder) || under(folder, path))) continue;
    if (!(await files.exists(path))) continue;
    const folder = (await files.list(path)).length > 0;
    if (options.foldersOnly && !folder) continue;
    candidates.set(path, { path, folder, readBy: `${call}("${literal}")` });
  }
  const all = [...candidates.values()];
  return all
    .filter((file) => !all.some((other) => other !== file && other.folder && under(file.path, other.path)))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The one line the generation shows: what is copied next to the binary, and why. */
export function runtimeFilesNote(found: readonly RuntimeFile[], workdir: string): string {
  const names = found.map((file) => (file.folder ? `${file.path}/` : file.path)).join(', ');
  const calls = found.map((file) => file.readBy).join(', ');
  return `copies ${names} into ${workdir} next to the binary: the app reads ${found.length > 1 ? 'them' : 'it'} from its working directory at run time (${calls})`;
}

/**
 * What the final stage copies: each path, and whether the app user must own it (the app writes
 * there too: a state folder at, inside or above it). Read-only (root's) otherwise.
 */
export function runtimeCopies(
  found: readonly RuntimeFile[] | undefined,
  stateDirs: readonly string[] = [],
): { path: string; folder: boolean; readBy: string; writable: boolean }[] {
  return (found ?? []).map((file) => ({
    ...file,
    writable: stateDirs.some((dir) => dir !== '.' && (under(dir, file.path) || under(file.path, dir))),
  }));
}
