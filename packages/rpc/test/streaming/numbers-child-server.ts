// A Numbers server (test/fixtures/streams.proto) in a child process, for the streaming tests that
// kill the server in the middle of a stream (test/streaming/server-gone.test.ts):
//
//   node --conditions=@yrpc/source --import tsx numbers-child-server.ts
//
// It tells its parent `{ port }` over IPC once it listens on loopback (port 0), and exits when the
// parent goes away. Count counts forever, a message every 5 ms; Echo echoes; Add counts.
import { type DynamicMessage, Server } from '../../src/index.js';
import { Numbers } from '../helpers/streams-service.js';

async function main(): Promise<void> {
  const server = new Server({ heartbeat: { intervalMs: 0 } }).addService(Numbers, {
    async *count() {
      for (let i = 1; ; i++) {
        yield { value: i };
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async *echo(requests: AsyncIterable<DynamicMessage>) {
      for await (const request of requests) yield { value: request.value };
    },
    async add(requests: AsyncIterable<DynamicMessage>) {
      let count = 0;
      for await (const _ of requests) count++;
      return { count };
    },
  });
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(70);
});
