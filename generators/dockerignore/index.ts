/** `slim-docker dockerignore` / `yo slim-docker:dockerignore`: writes (or merges into) only the .dockerignore. */
import { partGenerator } from '../part.js';

export default partGenerator({ kinds: ['dockerignore'] });
