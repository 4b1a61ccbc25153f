/**
 * What a secret looks like: file shapes (dotenv files, private keys, cloud and registry credentials,
 * Terraform state) and token-looking strings. One list for the generated .dockerignore's promise,
 * the merge of a user's .dockerignore, and verification's look inside the image.
 */
import { contextFilter } from './verify/context.js';

/**
 * One secret shape: the .dockerignore patterns that keep it out of the build context at every depth
 * (rendered as they are into the generated .dockerignore by templates/common/dockerignore-secrets.ejs,
 * and matched with Docker's own rules to tell a path's shape), what it is, and, for a file that is a
 * harmless setting unless it carries credentials, what in its contents makes it a secret.
 */
export interface SecretShape {
  ignore: readonly string[];
  why: string;
  /** Paths the patterns keep out that are no secret all the same (a dotenv template, a public key). */
  except?: RegExp;
  /** Set for credential files (.npmrc, pip.conf …): a secret only when the contents match. */
  content?: RegExp;
  /** Paths of this shape (at the root and deeper), for tests and for judging a user's negation. */
  examples: readonly string[];
}

/** Every secret shape, in the order the generated .dockerignore lists them (later lines win there). */
export const SECRET_SHAPES: readonly SecretShape[] = [
  {
    // Only the root's template is let back in: a `!**/` negation would make Docker (and every walk of
    // the context) descend into each excluded folder (node_modules, .git) looking for one.
    ignore: ['**/.env', '**/.env.*', '!.env.example'],
    why: 'a dotenv file',
    // Templates of a dotenv file hold no values: kept out below the root, but no secret in an image.
    except: /(^|\/)\.env\.(example|sample|template|dist)$/,
    examples: ['.env', '.env.local', 'config/.env', 'backend/.env.production'],
  },
  {
    // SSH private keys by ssh-keygen's names and their suffixed variants (id_ed25519_sk, id_rsa_deploy);
    // a source file such as id_utils.py is none. A suffixed public key (id_rsa_deploy.pub) is kept out
    // too (no negation, for the reason above), but is no secret.
    ignore: ['rsa', 'dsa', 'ecdsa', 'ed25519'].flatMap((type) => [`**/id_${type}`, `**/id_${type}_*`]),
    why: 'an SSH private key',
    except: /\.pub$/,
    examples: ['id_rsa', 'deploy/id_ed25519', 'id_ecdsa_sk', 'keys/id_rsa_deploy', 'id_dsa'],
  },
  {
    ignore: ['**/*.pem', '**/*.key', '**/*.p12', '**/*.pfx', '**/*.jks', '**/*.keystore'],
    why: 'a private key, certificate bundle or keystore',
    examples: ['key.pem', 'tls/server.key', 'cert.p12', 'android/release.jks', 'app.keystore'],
  },
  { ignore: ['**/.ssh'], why: 'an SSH folder file', examples: ['.ssh/config', 'sub/.ssh/id_rsa.pub'] },
  { ignore: ['**/.aws'], why: 'an AWS credentials folder file', examples: ['.aws/credentials', 'deploy/.aws/config'] },
  {
    ignore: ['**/.docker'],
    why: 'a Docker client folder file (registry logins)',
    examples: ['.docker/config.json', 'sub/.docker/config.json'],
  },
  {
    ignore: ['**/.kube', '**/kubeconfig', '**/kubeconfig.yaml', '**/kubeconfig.yml'],
    why: 'a Kubernetes client config (cluster credentials)',
    examples: ['kubeconfig', 'deploy/kubeconfig.yaml', '.kube/config'],
  },
  {
    ignore: ['**/service-account*.json'],
    why: 'a cloud service-account key',
    examples: ['service-account.json', 'deploy/service-account-prod.json'],
  },
  { ignore: ['**/.git-credentials'], why: 'git credentials', examples: ['.git-credentials', 'sub/.git-credentials'] },
  { ignore: ['**/.pgpass'], why: 'a PostgreSQL password file', examples: ['.pgpass', 'db/.pgpass'] },
  {
    ignore: ['**/*.tfstate', '**/*.tfstate.backup', '**/*.tfvars', '**/*.tfvars.json'],
    why: 'Terraform state or variables (hold provider secrets)',
    examples: ['infra.tfstate', 'infra/prod.tfstate.backup', 'terraform.tfvars', 'infra/prod.auto.tfvars.json'],
  },
  {
    ignore: ['**/.npmrc'],
    why: 'an .npmrc with a registry token',
    content: /_auth(Token)?\s*=|\/\/[^\s:/@]+:[^\s@/]+@/i,
    examples: ['.npmrc', 'frontend/.npmrc'],
  },
  {
    ignore: ['**/.pypirc'],
    why: 'a .pypirc with a password',
    content: /^\s*password\s*[=:]/im,
    examples: ['.pypirc', 'pkg/.pypirc'],
  },
  {
    ignore: ['**/pip.conf'],
    why: 'a pip.conf with an index password',
    content: /https?:\/\/[^\s/:@]+:[^\s/@]+@/i,
    examples: ['pip.conf', 'api/pip.conf'],
  },
  {
    ignore: ['**/.netrc'],
    why: 'a .netrc with a password',
    content: /\bpassword\s+\S+/i,
    examples: ['.netrc', 'sub/.netrc'],
  },
];

/** The lines the generated .dockerignore lists for secrets (the template renders exactly these). */
export const SECRET_IGNORE_LINES: readonly string[] = SECRET_SHAPES.flatMap((shape) => shape.ignore);

/** Each shape's patterns, matched with Docker's rules (a path inside an ignored folder is of its shape). */
const MATCHERS = SECRET_SHAPES.map((shape) => ({ shape, filter: contextFilter([...shape.ignore]) }));

const shapeOf = (rel: string, credential: boolean) =>
  MATCHERS.find(
    ({ shape, filter }) =>
      (shape.content !== undefined) === credential && filter.ignores(rel) && !shape.except?.test(rel),
  )?.shape;

/** Strings that look like live credentials wherever they appear. */
const TOKENS: readonly [RegExp, string][] = [
  [/-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/, 'a private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/\bxox[baprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'a GitLab token'],
  [/\bsk_live_[A-Za-z0-9]{20,}\b/, 'a Stripe secret key'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:[^\s/@'"$]{3,}@[^\s/'"]+/i, 'a URL with a password'],
];

/** Names that say a build argument or variable holds a secret. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)\b/i;

/** Why a path is a secret by its name alone, or undefined. */
export const secretPath = (rel: string): string | undefined => shapeOf(rel, false)?.why;

/** Files whose contents decide (an .npmrc without a token is fine). */
export const isCredentialFile = (rel: string) => shapeOf(rel, true) !== undefined;

/** Why a file's contents are a secret (credentials in a credential file, or a token anywhere), or undefined. */
export function secretContent(rel: string, text: string): string | undefined {
  const credential = shapeOf(rel, true);
  if (credential?.content?.test(text)) return credential.why;
  return TOKENS.find(([pattern]) => pattern.test(text))?.[1];
}

/** Config-like files worth reading for tokens when they reach an image (bounded by the caller). */
export const isConfigLike = (rel: string) =>
  /\.(json|ya?ml|toml|ini|cfg|conf|properties|env|txt|xml)$|(^|\/)(\.npmrc|\.pypirc|\.netrc|pip\.conf|Pipfile|requirements[^/]*)$/i.test(
    rel,
  );

/**
 * Secrets in build history: an ARG or ENV with a secret-sounding name given a value (`--build-arg
 * NPM_TOKEN=…` shows in `docker history` as `|1 NPM_TOKEN=… /bin/sh -c …`), or a token in a command.
 */
export function secretInHistory(createdBy: string): string | undefined {
  for (const match of createdBy.matchAll(/\b([A-Z][A-Z0-9_]*)=("[^"]*"|\S+)/g)) {
    const value = match[2].replace(/^"|"$/g, '');
    if (SECRET_NAME.test(match[1]) && value && !/^\$/.test(value))
      return `${match[1]} has a value in the image history`;
  }
  const token = TOKENS.find(([pattern]) => pattern.test(createdBy));
  return token ? `${token[1]} in a build command` : undefined;
}

const SECRET_KEY = /TOKEN|SECRET|PASSW|PWD|API_?KEY|ACCESS_KEY|PRIVATE|CREDENTIAL|AUTH|DSN|SALT|(^|[_.-])KEY$/i;
/** A value that looks random (a key, a token): long, letters and digits, no path or dotted name. */
const RANDOM = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+=_-]{20,}$/;

/**
 * The values of a secret file that betray it wherever they were copied (renamed, pasted into another
 * file): each `KEY=VALUE` / `key: value` value longer than 8 characters whose key names a secret,
 * that is a token or looks random; and every token-shaped string in it (a private key's header, in
 * every key file, is not one). At most 50.
 */
export function secretTokens(text: string): { label: string; value: string }[] {
  const found = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(0, 5000)) {
    const match = /^[\s{]*(?:export\s+)?([^\s=:#;[{][^=:]*?)\s*[=:]\s*(.*?)[\s,;}\]]*$/.exec(line);
    if (!match) continue;
    const key = match[1].replace(/^["']|["']$/g, '');
    const value = match[2].replace(/^(["'])(.*)\1$/, '$2');
    if (value.length <= 8 || /\s/.test(value) || found.has(value)) continue;
    if (SECRET_KEY.test(key) || RANDOM.test(value) || TOKENS.slice(1).some(([pattern]) => pattern.test(value)))
      // How it is named when found: the key when it is a plain name (never the file's other bytes).
      found.set(value, /^[\w.-]{1,64}$/.test(key) ? `its value of ${key}` : 'a value it holds');
  }
  for (const [pattern, why] of TOKENS.slice(1))
    for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`)))
      if (![...found.keys()].some((value) => value.includes(match[0]))) found.set(match[0], `${why} it holds`);
  return [...found].slice(0, 50).map(([value, label]) => ({ label, value }));
}

/** Shows a secret's place without its value. */
export const redact = (line: string) => line.replace(/(=|:\/\/[^\s:/@]+:)[^\s@]+/g, '$1***');
