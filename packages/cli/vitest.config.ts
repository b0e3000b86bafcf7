// @boundaries-ignore the shared vitest settings live at the repository root, outside every package
import { packageProject } from '../../vitest.shared.js';

export default packageProject('cli');
