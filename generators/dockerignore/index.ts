/** `slim-docker dockerignore` / `yo slim-docker:dockerignore`: writes (or merges into) only the .dockerignore. */
import { sessionGenerator } from '../part.js';

export default sessionGenerator({ command: 'dockerignore', kinds: ['dockerignore'] });
