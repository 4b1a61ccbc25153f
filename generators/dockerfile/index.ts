/** `slim-docker dockerfile` / `yo slim-docker:dockerfile`: the same questions, writing only the Dockerfile. */
import { partGenerator } from '../part.js';

export default partGenerator({ kinds: ['dockerfile'] });
