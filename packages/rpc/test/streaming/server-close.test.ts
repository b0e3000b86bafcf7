import { afterEach, expect, it } from 'vitest';
import {
  Client,
  type DynamicMessage,
  type Server,
  type ServerStream,
  sleep,
} from '../../src/index.js';
import { Numbers, numbersServer } from '../helpers/streams-service.js';

let client: Client | undefined;
let server: Server | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
});

it('tells a generator handler why it stops when the server closes: its signal has aborted by its finally', {
  timeout: 10_000,
}, async () => {
  const seen: string[] = [];
  let markStarted = (): void => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const served = await numbersServer({
    *count(_request: DynamicMessage, stream: ServerStream<DynamicMessage, DynamicMessage>) {
      try {
        for (let i = 0; ; i++) {
          yield* stream.send({ value: i });
          if (i === 0) markStarted();
          yield* sleep(5);
        }
      } finally {
        seen.push(`aborted=${stream.signal.aborted} cancelled=${stream.cancelled}`);
      }
    },
  });
  server = served.server;
  client = new Client({ host: '127.0.0.1', port: served.port });
  const numbers = client.service(Numbers);
  const received = (async () => {
    for await (const _ of numbers.Count?.({ value: 0 }) ?? []) {
      // Reading until the server goes away.
    }
  })();
  received.catch(() => {});
  await started;
  await server.close();
  server = undefined;
  expect(seen).toEqual(['aborted=true cancelled=true']);
  await expect(received).rejects.toMatchObject({ code: 14 });
});
