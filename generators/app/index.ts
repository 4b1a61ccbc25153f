/**
 * `yo slim-docker` / `slim-docker`: ask → plan → write → verify. A thin shell over the core's run
 * (src/session/): every flag is checked before the first question, every conflict is decided before
 * the first write, and the Dockerfile verified is the one on disk with the answers saved.
 */
import { ALL_KINDS } from '../../src/session/run.js';
import { sessionGenerator } from '../part.js';

export default sessionGenerator({ command: 'app', kinds: ALL_KINDS });
