/**
 * Django's host allow-list read from the environment: `ALLOWED_HOSTS = os.environ.get(
 * "DJANGO_ALLOWED_HOSTS", "").split(",")`, `os.getenv(…).split()`, django-environ's `env.list(…)`,
 * python-decouple's `config(…, cast=Csv())`. Such an app answers 400 (DisallowedHost) to every
 * request until the variable names the host it is asked as: verification sets it for its own run
 * and says so; the summary says it must be set where the image runs.
 */

export interface HostsVariable {
  /** The environment variable the settings read (e.g. DJANGO_ALLOWED_HOSTS). */
  name: string;
  /** How the settings split its value into hosts: "," or " " (split() on whitespace). */
  separator: string;
}

/** Readers of one environment variable, by name (group 1). */
const READERS =
  /(?:os\.environ\.get|os\.getenv|os\.environ\s*\[|environ\.get|env\.(?:list|str|get_value)|\benv|\bconfig|\bgetenv)\(?\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/;

/** The variable an ALLOWED_HOSTS assignment reads, and how it splits it; undefined when it reads none. */
export function hostsVariableIn(text: string): HostsVariable | undefined {
  for (const match of text.matchAll(/^ALLOWED_HOSTS\s*[:=][^\n]*(?:\n[ \t)\]][^\n]*){0,4}/gm)) {
    const statement = match[0];
    const name = READERS.exec(statement)?.[1];
    if (!name) continue;
    const split = /\.split\(\s*(?:(['"])(.*?)\1)?\s*\)/.exec(statement);
    // split() without an argument (or on a space) splits on whitespace; env.list and Csv() on commas.
    return { name, separator: split?.[2]?.trim() || (split ? ' ' : ',') };
  }
  return undefined;
}

/** The value verification sets: the names a person and the probe ask as. */
export const hostsValue = (variable: HostsVariable) => ['localhost', '127.0.0.1'].join(variable.separator);
