/**
 * A build that stopped before its first step because a FROM image is neither on the engine nor
 * pullable (no registry reachable, a tag that does not exist, a registry refusing): the builder says so
 * in its own words (BuildKit `load metadata for …`, the legacy builder's `Step 1/9 : FROM …` then
 * `Get "https://registry-1.docker.io/v2/": …`, Podman's `initializing source docker://…`). Named as
 * what it is, the image and the registry's reason, instead of a raw registry error.
 */

/** The image the builder could not get, and the registry's reason; undefined when the build failed otherwise. */
export function missingBaseImage(output: string): { image: string; reason: string } | undefined {
  const lines = output.split('\n').map((line) => line.replace(/^#\d+ (?:\d+\.\d+ )?/, '').trim());
  // BuildKit: "[internal] load metadata for docker.io/library/maven:3.9-x" then "ERROR: <reason>".
  for (let index = 0; index < lines.length; index++) {
    const metadata = /^\[internal\] load metadata for (\S+?):?$/.exec(lines[index]);
    if (!metadata) continue;
    const error = lines.slice(index + 1, index + 4).find((line) => line.startsWith('ERROR: '));
    if (error) return { image: shortName(metadata[1]), reason: reasonOf(error.slice('ERROR: '.length)) };
  }
  // The legacy builder: the FROM step, then the pull's error as the next line.
  for (let index = 0; index < lines.length - 1; index++) {
    const from = /^Step \d+\/\d+ : FROM (\S+)/i.exec(lines[index]);
    const next = lines[index + 1];
    if (from && /^(Get "https?:|pull access denied|manifest for|Error response from daemon|error pulling)/i.test(next))
      return { image: from[1], reason: reasonOf(next) };
  }
  // Podman/buildah.
  const podman = /initializing source docker:\/\/(\S+?): (.*)$/m.exec(output);
  if (podman) return { image: shortName(podman[1]), reason: reasonOf(podman[2]) };
  return undefined;
}

/** docker.io/library/maven:3.9 → maven:3.9, as the Dockerfile names it. */
const shortName = (image: string) => image.replace(/^docker\.io\/(?:library\/)?/, '');

/** The registry's reason, short: the last clause of a wrapped error ("…: no such host"). */
function reasonOf(text: string): string {
  const lookup = /lookup (\S+) on \S+: (.+)$/.exec(text);
  if (lookup) return `${lookup[1]}: ${lookup[2]}`;
  const trimmed = text.replace(/^(failed to do request|failed to solve[^:]*): /, '');
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}

/** The one line a verification says for it. */
export function describeMissingBase({ image, reason }: { image: string; reason: string }): string {
  return `no base image ${image} here: it is not on this engine and could not be pulled (${reason}); pull or load that image first, or choose a version whose image this engine has (--runtime-version)`;
}
