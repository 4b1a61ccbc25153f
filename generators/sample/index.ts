/** `slim-docker sample` / `yo slim-docker:sample`: writes only the sample app (into a new folder; never next to a project). */
import { sessionGenerator } from '../part.js';

export default sessionGenerator({ command: 'sample', kinds: ['source'] });
