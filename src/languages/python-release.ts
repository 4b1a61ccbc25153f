/**
 * The release step of a Python app: the migration or init command that must run before it serves
 * (Django migrate, Flask-Migrate, a Flask `init-db` click command, Alembic), best first.
 */
import type { Source } from './python-state.js';

export function releaseCommandsOf(
  sources: readonly Source[],
  options: {
    framework?: string;
    dependencyNames: readonly string[];
    topFiles: readonly string[];
    /** The Flask app for `flask --app`: the entry point's module (a factory is found by Flask itself). */
    flaskApp?: string;
    /** Whether a migrations/ folder with Alembic's env.py sits next to the app (Flask-Migrate). */
    hasMigrations: boolean;
  },
): string[] {
  const commands: string[] = [];
  const deps = options.dependencyNames;
  // Django: only with a database configured (`DATABASES = {}` has nothing to migrate; migrate would fail).
  const database = sources.some(({ text }) => /^\s*DATABASES\s*=\s*(?!\{\s*\})\S/m.test(text));
  if (options.framework === 'django' && options.topFiles.includes('manage.py') && database)
    commands.push('python manage.py migrate --noinput');
  const flaskApp = options.flaskApp ? ` --app ${options.flaskApp}` : '';
  if (options.framework === 'flask' && deps.includes('flask-migrate') && options.hasMigrations)
    commands.push(`flask${flaskApp} db upgrade`);
  if (options.framework === 'flask') {
    // A click command registered on the app (`@click.command("init-db")` + app.cli.add_command, or
    // `@app.cli.command("init-db")`), named like an init step.
    for (const { text } of sources) {
      for (const match of text.matchAll(
        /@(?:click|\w+\.cli)\.command\(\s*(?:["']([\w-]+)["'])?[^)]*\)\s*(?:@[^\n]+\s*)*def (\w+)/g,
      )) {
        const name = match[1] ?? match[2].replace(/_command$/, '').replace(/_/g, '-');
        if (/^init[-_]?db$/.test(name)) commands.push(`flask${flaskApp} ${name}`);
      }
    }
  }
  if (options.topFiles.includes('alembic.ini') && deps.includes('alembic')) commands.push('alembic upgrade head');
  return [...new Set(commands)];
}
