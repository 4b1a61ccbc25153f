/**
 * What a secret looks like: file shapes (dotenv files, private keys, cloud and registry credentials,
 * Terraform state) and token-looking strings. One list for the generated .dockerignore's promise,
 * the merge of a user's .dockerignore, and verification's look inside the image.
 */

/** Paths (relative, forward slashes) that hold secrets by their name alone. */
const SECRET_PATHS: readonly [RegExp, string][] = [
  [/(^|\/)\.env(\.(?!example$|sample$|template$|dist$)[^/]+)?$/, 'a dotenv file'],
  [/(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/, 'an SSH private key'],
  [/\.(pem|key|p12|pfx)$/, 'a private key or certificate bundle'],
  [/(^|\/)\.ssh\/[^/]+$/, 'an SSH folder file'],
  [/(^|\/)\.aws\/(credentials|config)$/, 'AWS credentials'],
  [/(^|\/)\.docker\/config\.json$/, 'registry credentials (docker login)'],
  [/(^|\/)\.git-credentials$/, 'git credentials'],
  [/\.tfstate(\.backup)?$/, 'Terraform state (holds provider secrets)'],
];

/** Files that are harmless settings unless they carry credentials (checked by content). */
const CREDENTIAL_FILES: readonly [RegExp, RegExp, string][] = [
  [/(^|\/)\.npmrc$/, /_auth(Token)?\s*=|\/\/[^\s:/@]+:[^\s@/]+@/i, 'an .npmrc with a registry token'],
  [/(^|\/)\.pypirc$/, /^\s*password\s*[=:]/im, 'a .pypirc with a password'],
  [/(^|\/)pip\.conf$/, /https?:\/\/[^\s/:@]+:[^\s/@]+@/i, 'a pip.conf with an index password'],
  [/(^|\/)\.netrc$/, /\bpassword\s+\S+/i, 'a .netrc with a password'],
];

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

/** Why a path is a secret by its name, or undefined. */
export function secretPath(rel: string): string | undefined {
  return SECRET_PATHS.find(([pattern]) => pattern.test(rel))?.[1];
}

/** Files whose contents decide (an .npmrc without a token is fine). */
export const isCredentialFile = (rel: string) => CREDENTIAL_FILES.some(([pattern]) => pattern.test(rel));

/** Why a file's contents are a secret (credentials in a credential file, or a token anywhere), or undefined. */
export function secretContent(rel: string, text: string): string | undefined {
  const credential = CREDENTIAL_FILES.find(([pattern, content]) => pattern.test(rel) && content.test(text));
  if (credential) return credential[2];
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

/** Shows a secret's place without its value. */
export const redact = (line: string) => line.replace(/(=|:\/\/[^\s:/@]+:)[^\s@]+/g, '$1***');
