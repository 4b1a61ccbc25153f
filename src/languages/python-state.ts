/**
 * Where a Python app writes at run time, read from its code: Flask's instance folder, SQLite files
 * under the project, upload folders and Django's MEDIA_ROOT. The image makes only these writable for
 * the app user; the code stays root-owned.
 */

/** One source file's text, with its path relative to the project. */
export interface Source {
  rel: string;
  text: string;
}

/** "a/b/../c" → "a/c"; undefined for a path that leaves the project or is absolute. */
function inside(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join('/') : undefined;
}

/** Path segments written as Python: `BASE_DIR / 'a' / 'b.db'`, `os.path.join(BASE_DIR, 'a', 'b.db')`. */
function segmentsAfter(anchor: string, text: string): string[] | undefined {
  const slash = new RegExp(`${anchor}((?:\\s*/\\s*["'][^"'\\n]+["'])+)`).exec(text)?.[1];
  if (slash) return [...slash.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
  // A part may be os.environ.get("NAME", "default"): the default is what a fresh container uses.
  const part = `(?:["'][^"'\\n]+["']|os\\.environ\\.get\\(\\s*["']\\w+["']\\s*,\\s*["'][^"'\\n]+["']\\s*\\))`;
  const join = new RegExp(`os\\.path\\.join\\(\\s*${anchor}\\s*((?:,\\s*${part}\\s*)+),?\\s*\\)`).exec(text)?.[1];
  if (join)
    return [...join.matchAll(/os\.environ\.get\(\s*["']\w+["']\s*,\s*["']([^"']+)["']\s*\)|["']([^"']+)["']/g)].map(
      (m) => m[1] ?? m[2],
    );
  return undefined;
}

/**
 * State paths relative to the project. A SQLite file is given as the file itself (its folder must
 * be writable too: SQLite writes its journal next to it); everything else is a folder.
 */
export function statePathsOf(
  sources: readonly Source[],
  options: { framework?: string; dependencyNames: readonly string[]; pythonPath?: string },
): string[] {
  const found = new Set<string>();
  const add = (path: string | undefined) => {
    const clean = path && inside(path);
    if (clean) found.add(clean);
  };
  // Flask puts the instance folder next to the top-level package (or module): the project root, or src/.
  const instance = options.pythonPath ? `${options.pythonPath}/instance` : 'instance';
  const flaskSqlalchemy = options.dependencyNames.includes('flask-sqlalchemy');
  for (const { rel, text } of sources) {
    const code = text.replace(/^\s*#.*$/gm, '');
    if (options.framework === 'flask') {
      // app.instance_path used for anything (makedirs, a database path) means the app writes there.
      if (/\binstance_path\b/.test(code)) add(instance);
      // Flask-SQLAlchemy 3 resolves a relative sqlite:/// path inside the instance folder.
      if (flaskSqlalchemy && /["']sqlite:\/\/\/(?!\/)[^"']+["']/.test(code)) add(instance);
    }
    // A relative SQLite URL (three slashes) is relative to the working folder, /app.
    if (!flaskSqlalchemy || options.framework !== 'flask') {
      for (const match of code.matchAll(/["']sqlite:\/\/\/(?!\/)([^"'?]+)["'?]/g)) add(match[1]);
    }
    // 'sqlite:///' + os.path.join(basedir, 'app.db'): a file beside the module that builds the URL
    // (basedir = os.path.abspath(os.path.dirname(__file__)), the usual Flask config.py).
    for (const match of code.matchAll(
      /["']sqlite:\/\/\/["']\s*\+\s*os\.path\.join\(\s*\w+\s*,\s*["']([^"']+)["']\s*\)/g,
    ))
      add([dirnameOf(rel), match[1]].filter(Boolean).join('/'));
    // A folder the app creates by a relative name (os.mkdir('logs') for a log file): under /app at run time.
    for (const match of code.matchAll(/\bos\.(?:mkdir|makedirs)\(\s*["']([\w.-]+(?:\/[\w.-]+)*)["']/g)) add(match[1]);
    if (options.framework === 'django') {
      // Django settings: a SQLite NAME and MEDIA_ROOT (uploads) under BASE_DIR, which is the project root
      // when settings.py sits one folder down (Path(__file__).resolve().parent.parent).
      const base = baseDirOf(code, rel);
      const sqlite = /["']ENGINE["']\s*:\s*["']django\.db\.backends\.sqlite3["']/.test(code);
      // One level of nested parentheses: os.path.join(BASE_DIR, os.environ.get("DATABASE_NAME", "db")).
      const name = /["']NAME["']\s*:\s*(os\.path\.join\((?:[^()]|\([^()]*\))*\)|[^,\n}]+)/.exec(code)?.[1];
      const nameParts = name && segmentsAfter('BASE_DIR', name);
      if (sqlite && nameParts) add([base, ...nameParts].filter(Boolean).join('/'));
      const media = /^MEDIA_ROOT\s*=\s*(.+)$/m.exec(code)?.[1];
      const mediaParts = media && segmentsAfter('BASE_DIR', media);
      if (mediaParts) add([base, ...mediaParts].filter(Boolean).join('/'));
    }
    // Upload folders: UPLOAD_FOLDER = 'uploads' / os.path.join(<here>, 'uploads') / config['UPLOAD_FOLDER'] = ...
    const upload = /\bUPLOAD_(?:FOLDER|DIR)['"]?\]?\s*=\s*(.+)$/m.exec(code)?.[1];
    if (upload) {
      const literal = /^["']([^"'/][^"']*)["']\s*$/.exec(upload.trim())?.[1];
      const joined = /os\.path\.join\([^,]+,\s*["']([^"']+)["']\s*\)/.exec(upload)?.[1];
      const instanceJoined = /instance_path/.test(upload);
      if (instanceJoined) add(instance);
      else if (literal) add(literal);
      else if (joined) add([dirnameOf(rel), joined].filter(Boolean).join('/'));
    }
  }
  // A folder already listed covers the files and folders inside it.
  const paths = [...found].sort();
  return paths.filter((path) => !paths.some((other) => other !== path && path.startsWith(`${other}/`)));
}

/**
 * The project folder BASE_DIR names, relative to the project: each dirname()/.parent climbs one
 * folder from the settings file (the first only drops the file name), following one alias
 * (BASE_DIR = os.path.dirname(PROJECT_DIR), PROJECT_DIR = dirname(dirname(abspath(__file__)))).
 */
function baseDirOf(code: string, rel: string): string {
  let expression = /^BASE_DIR\s*=\s*(.+)$/m.exec(code)?.[1] ?? '';
  const alias = /\b([A-Z_]+_DIR)\b/.exec(expression.replace(/\bBASE_DIR\b/, ''))?.[1];
  const aliased = alias && new RegExp(`^${alias}\\s*=\\s*(.+)$`, 'm').exec(code)?.[1];
  if (alias && aliased) expression = expression.replace(alias, aliased);
  if (!/__file__/.test(expression)) return dirnameOf(rel);
  const climbs = (expression.match(/dirname\(|\.parent\b/g) ?? []).length;
  let folder = rel;
  for (let i = 0; i < climbs; i++) folder = dirnameOf(folder);
  return folder;
}

const dirnameOf = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');

/** A SQLite file (its folder must be writable) rather than a folder. */
// A SQLite file: by extension, or a Django NAME like "bakerydemodb" (a name ending in "db"; a folder called "db" is not one).
export const isSqliteFile = (path: string) => /(\.(sqlite3?|db)|\wdb)$/i.test(path);

/** Where the image keeps state that cannot get a folder of its own inside the code (a SQLite file at the root). */
export const DATA_DIR = '/data';

/**
 * How the image makes the state paths writable: folders created and given to the app user; a SQLite
 * file at the project root gets DATA_DIR instead (its folder is the code's own) and a symlink from
 * where the app opens it (SQLite follows it and writes the journal next to the real file).
 */
export function stateLayout(paths: readonly string[], workdir = '/app') {
  const dirs = new Set<string>();
  const links: { path: string; target: string }[] = [];
  for (const path of paths) {
    const folder = isSqliteFile(path) ? dirnameOf(path) : path;
    if (folder) dirs.add(`${workdir}/${folder}`);
    else {
      dirs.add(DATA_DIR);
      links.push({ path: `${workdir}/${path}`, target: `${DATA_DIR}/${path}` });
    }
  }
  return { dirs: [...dirs].sort(), links };
}
