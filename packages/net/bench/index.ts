import { run } from 'mitata';
import { registerByteBufferBenches } from './byte-buffer.bench.js';
import { registerConnectionInputBenches } from './connection-input.bench.js';
import { measureIdleMemory } from './idle-memory.js';

// `node dist-bench/bench/index.js [pattern]`: only the benchmarks whose name matches.
const pattern = process.argv[2];
registerByteBufferBenches();
registerConnectionInputBenches();
await run(pattern === undefined ? {} : { filter: new RegExp(pattern) });
if (pattern === undefined) await measureIdleMemory();
process.exit(0);
