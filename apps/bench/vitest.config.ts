import { packageProject } from '../../vitest.shared.js';

export default packageProject('bench', { testTimeout: 60_000 });
