/**
 * The cold image's file list, for the runtime-traps and secrets checks. It comes from the cold image,
 * the one built from the user's own folder (the edited copy holds only what .dockerignore lets
 * through, so it would prove nothing), and is read from an export while the container runs: the
 * export is the slowest step after the builds.
 */
import { contextSecrets, hashWantedFor } from './secrets-check.js';
import { after, type VerifyRun } from './run.js';

export async function listImageFiles(run: VerifyRun): Promise<void> {
  const { target, engine, tags, labels } = run;
  const { walk } = after(run.context, 'prepare');
  // Always listed: a build stage's `COPY . .` can reach the final image through `COPY --from`. Files
  // named like a context secret are hashed, to be found wherever a COPY put them.
  const secrets = await contextSecrets(target.dir, walk.included);
  const listing = engine.exportIndex(tags.cold, labels, hashWantedFor(secrets));
  listing.catch(() => undefined); // awaited by the secrets check; never an unhandled rejection meanwhile
  run.files = { secrets, listing };
}
