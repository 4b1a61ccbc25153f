/**
 * What the local registry (scripts/buildkit-up.sh) serves as a Docker Hub and gcr.io mirror: every tag the
 * stand-in builder knows (served when the engine holds that stand-in) and every FROM image of a golden
 * Dockerfile (served as a check-only placeholder when no stand-in exists for it). One line per tag,
 * tab-separated:
 *
 *   TAG  PATH-IN-THE-REGISTRY  STAND-IN-RECIPE-TAG|-  golden|-
 *
 * e.g. `python:3.13-slim  library/python:3.13-slim  python:3.13-slim  golden`. The path is the one a
 * mirror serves: Docker Hub's official images under library/, gcr.io images under a gcr.io/ prefix
 * (buildkitd mirrors gcr.io to 127.0.0.1:PORT/gcr.io). An image from any other registry is an error:
 * buildkitd would not find it in the mirror.
 *
 *   npx tsx scripts/mirror-images.ts
 */
import { readFileSync } from 'node:fs';
import { fromImages, goldenDockerfiles } from '../test/support/examples.js';
import { knownTags, recipeFor } from './stand-ins/recipes.js';

/** The registry path a mirror of the image's registry serves it under, or an error naming the image. */
export function mirrorPath(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const isHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = isHost ? first : 'docker.io';
  const rest = isHost ? image.slice(slash + 1) : image;
  if (host === 'docker.io' || host === 'index.docker.io') return rest.includes('/') ? rest : `library/${rest}`;
  if (host === 'gcr.io') return `gcr.io/${rest}`;
  throw new Error(`${image}: only docker.io and gcr.io are mirrored by the local registry (scripts/buildkit-up.sh)`);
}

const goldenImages = new Set(goldenDockerfiles().flatMap((golden) => fromImages(readFileSync(golden.path, 'utf8'))));
const tags = [...new Set([...knownTags(), ...goldenImages])].sort();
for (const tag of tags) {
  if (!/:[\w][\w.-]{0,127}$/.test(tag.slice(tag.lastIndexOf('/') + 1)))
    throw new Error(`${tag}: a FROM image without a tag (the mirror serves tags only)`);
  console.log([tag, mirrorPath(tag), recipeFor(tag)?.tag ?? '-', goldenImages.has(tag) ? 'golden' : '-'].join('\t'));
}
