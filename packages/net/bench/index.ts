import { run } from 'mitata';
import { registerByteBufferBenches } from './byte-buffer.bench.js';
import { measureIdleMemory } from './idle-memory.js';

registerByteBufferBenches();
await run();
await measureIdleMemory();
process.exit(0);
