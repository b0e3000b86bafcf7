import { run } from 'mitata';
import { registerByteBufferBenches } from './byte-buffer.bench.js';

registerByteBufferBenches();
await run();
