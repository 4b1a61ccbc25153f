/** `slim-docker sample` / `yo slim-docker:sample`: writes only the sample app (into an empty folder; never next to a project). */
import { partGenerator } from '../part.js';

export default partGenerator({ kinds: ['source'], sampleInstall: true });
