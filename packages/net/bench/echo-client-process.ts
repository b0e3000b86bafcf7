import { startEchoClient } from './echo-client.js';
import type { ClientMessage } from './echo-protocol.js';

// `node echo-client-process.js <port> <connections> <in flight> <payload> <warmup ms> <ms>`,
// forked by coroutine-echo.js: the raw client of echo-client.ts in a process of its own.
const [port, connections, inFlight, payload, warmupMs, durationMs] = process.argv
  .slice(2)
  .map(Number) as [number, number, number, number, number, number];

function send(message: ClientMessage): void {
  process.send?.(message);
}

const client = await startEchoClient({ port, connections, inFlight, payload });
await new Promise((resolve) => setTimeout(resolve, warmupMs));
client.startCounting();
send({ kind: 'measuring' });
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, durationMs));
const calls = client.calls;
const seconds = (performance.now() - started) / 1000;
client.stop();
send({ kind: 'result', calls, seconds });
process.disconnect?.();
