import { packageProject } from '../../vitest.shared.js';

export default packageProject('repo-checks', { testTimeout: 120_000 });
