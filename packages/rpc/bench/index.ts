// In-process loopback echo: one Server, one Client, 64 calls in flight, 16-byte payloads.
// Client and server share one thread here, so this is a regression check of the hot path;
// the figures that compare yrpc with grpc-js and the raw socket limit come from apps/bench.
import { join } from 'node:path';
import { Client, loadProtoSync, Server } from '../src/index.js';
import { asyncIterationCeiling } from './async-iteration-ceiling.js';
import { conversionCost } from './conversion-cost.js';

const proto = loadProtoSync(join(process.cwd(), 'test/fixtures/echo.proto'));
const service = proto.service('yrpc.test.Echo');
const method = service.methods.get('Echo');
if (!method) throw new Error('no echo service');
const server = new Server().addService(service, { Echo: (request: unknown) => request });
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
const client = new Client({ host: '127.0.0.1', port });
const request = { payload: new Uint8Array(16) };
await client.unary(method, request);
const rates: number[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 6); round++) {
  let done = 0;
  const start = performance.now();
  const end = start + 1000;
  await new Promise<void>((resolve) => {
    let inflight = 0;
    const onReply = (error: Error | null): void => {
      if (error) throw error;
      done++;
      inflight--;
      if (performance.now() < end) issue();
      else if (inflight === 0) resolve();
    };
    const issue = (): void => {
      inflight++;
      client.unaryCallback(method, request, undefined, onReply);
    };
    for (let i = 0; i < 64; i++) issue();
  });
  const rate = Math.round((done / (performance.now() - start)) * 1000);
  rates.push(rate);
  console.log(`round ${round}: ${rate} calls/s`);
}
await client.close();
await server.close();
const sorted = rates.slice(1).sort((a, b) => a - b);
console.log(`median after warm-up: ${sorted[Math.floor(sorted.length / 2)] ?? 0} calls/s`);

const ceiling = await asyncIterationCeiling(Number(process.env.ROUNDS ?? 6));
console.log(
  `async function* → for await, nothing else: ${Math.round(ceiling).toLocaleString('en-US')} messages/s (best round)`,
);
for (const line of conversionCost(Number(process.env.ROUNDS ?? 6))) console.log(line);
