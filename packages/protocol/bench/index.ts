import { run } from 'mitata';
import { registerFrameBenches } from './frame.bench.js';
import { registerIdBenches } from './ids.bench.js';

registerFrameBenches();
registerIdBenches();
await run();
process.exit(0);
