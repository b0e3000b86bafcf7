import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  asyncHandlers,
  cleanUp,
  coroutineHandlers,
  HandlerLog,
  type Msg,
  serve,
  within,
} from './streaming-helpers.js';

// A producer's messages come one per promise job. Flushed at every job, each small message would
// be a socket write of its own (a syscall and a TCP segment per message); a stream's messages
// leave together at the end of the event loop's turn instead.

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanUp();
});

const MESSAGES = 2_000;

/** Counts the socket writes (`write`, and the chunks of a corked vectored write) of sockets that `mine` picks. */
function countWrites(mine: (socket: Socket) => boolean): { readonly count: number } {
  const counted = { count: 0 };
  const write = Socket.prototype.write;
  vi.spyOn(Socket.prototype, 'write').mockImplementation(function (
    this: Socket,
    ...args: Parameters<Socket['write']>
  ) {
    if (mine(this)) counted.count++;
    return write.apply(this, args);
  });
  return counted;
}

describe.each([
  { handlers: 'async handlers', make: asyncHandlers },
  { handlers: 'generator handlers', make: coroutineHandlers },
])('stream messages in few socket writes, with $handlers', ({ make }) => {
  it(`server streaming: ${MESSAGES} messages in a few dozen writes at most`, async () => {
    const served = await serve(make(new HandlerLog()));
    const stub = await served.connectedStub();
    const writes = countWrites((socket) => socket.localPort === served.port);
    let received = 0;
    await within(
      (async () => {
        for await (const message of stub.count({ value: MESSAGES })) {
          expect(message.value).toBe(++received);
        }
      })(),
      10_000,
      'count',
    );
    expect(received).toBe(MESSAGES);
    expect(writes.count).toBeGreaterThan(0);
    expect(writes.count).toBeLessThan(MESSAGES / 50);
  });

  it(`client streaming: ${MESSAGES} messages in a few dozen writes at most`, async () => {
    const served = await serve(make(new HandlerLog()));
    const stub = await served.connectedStub();
    const writes = countWrites((socket) => socket.remotePort === served.port);
    async function* requests(): AsyncGenerator<Msg> {
      for (let i = 1; i <= MESSAGES; i++) yield { value: i };
    }
    const sum = await within(stub.add(requests()), 10_000, 'add');
    expect(sum).toMatchObject({ count: MESSAGES, total: (MESSAGES * (MESSAGES + 1)) / 2 });
    expect(writes.count).toBeGreaterThan(0);
    expect(writes.count).toBeLessThan(MESSAGES / 50);
  });
});
