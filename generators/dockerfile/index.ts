/** `slim-docker dockerfile` / `yo slim-docker:dockerfile`: the same questions, writing only the Dockerfile. */
import { sessionGenerator } from '../part.js';

export default sessionGenerator({ command: 'dockerfile', kinds: ['dockerfile'] });
