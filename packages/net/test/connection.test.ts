import { afterEach, describe, expect, it } from 'vitest';
import {
  Connection,
  type ConnectionOptions,
  createConnectionPair,
  MemoryDuplex,
  NetError,
  type Resumer,
  run,
  spawn,
  suspend,
  type Task,
} from '../src/index.js';
import { type TcpPair, tcpPair } from './tcp-pair.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tcpConnections(
  clientOptions: ConstructorParameters<typeof Connection>[1] = {},
  serverOptions: ConstructorParameters<typeof Connection>[1] = {},
): Promise<[Connection, Connection, TcpPair]> {
  const pair = await tcpPair();
  cleanups.push(() => pair.close());
  return [
    new Connection(pair.client, clientOptions),
    new Connection(pair.server, serverOptions),
    pair,
  ];
}

function pairConnections(options: ConstructorParameters<typeof Connection>[1] = {}) {
  const pair = createConnectionPair(options);
  cleanups.push(() => {
    pair[0].abort();
    pair[1].abort();
  });
  return pair;
}

/** Resolves once `connection` has at least `count` readable bytes (or rejects at close). */
function readable(connection: Connection, count: number): Promise<boolean> {
  return new Promise((resolve, reject) =>
    connection.whenReadable(count, { resume: resolve, fail: reject }),
  );
}

function drained(connection: Connection): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.whenDrained({ resume: resolve, fail: reject }),
  );
}

const transports = [
  ['memory', async () => pairConnections()],
  ['tcp', async () => (await tcpConnections()).slice(0, 2) as [Connection, Connection]],
] as const;

describe.each(transports)('Connection over %s', (_name, open) => {
  it('coalesces every write made in one tick into one socket write', async () => {
    const [a, b] = await open();
    for (let i = 0; i < 100; i++) a.write(new Uint8Array([i]));
    a.beginWrite().writeU32(0xdeadbeef);
    expect(a.stats.socketWrites).toBe(0);
    expect(await readable(b, 104)).toBe(true);
    expect(a.stats.socketWrites).toBe(1);
    expect(a.stats.bytesWritten).toBe(104);
    expect(b.input.peekU8(99)).toBe(99);
    expect(b.input.peekU32(100)).toBe(0xdeadbeef);
    expect(b.stats.bytesRead).toBe(104);
  });

  it('sends owned bytes without copying, in order with buffered writes, in one flush', async () => {
    const [a, b] = await open();
    const owned = new Uint8Array(100_000).fill(7);
    a.write(new Uint8Array([1, 2]));
    a.writeOwned(owned);
    a.beginWrite().writeU8(3);
    a.writeOwned(new Uint8Array([4]));
    expect(a.pendingOutputBytes).toBe(100_004);
    expect(await readable(b, 100_004)).toBe(true);
    expect(a.stats.socketWrites).toBe(1);
    expect(a.stats.bytesWritten).toBe(100_004);
    const input = b.input;
    expect([input.peekU8(0), input.peekU8(1), input.peekU8(2)]).toEqual([1, 2, 7]);
    expect([input.peekU8(100_002), input.peekU8(100_003)]).toEqual([3, 4]);
  });

  it("calls writeOwned's onWritten once the socket wrote the bytes, and not after a failure", async () => {
    const [client, server] = await tcpConnections();
    const payload = patterned(4 * MiB);
    let written = 0;
    client.writeOwned(payload, 'microtask', () => written++);
    // The peer has not read yet: 4 MiB cannot all be in the kernel's buffers.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.stats.bytesRead).toBeLessThan(4 * MiB);
    expect(await readable(server, 4 * MiB)).toBe(true);
    await until(() => written === 1);
    expect(Buffer.from(server.input.view(4 * MiB)).equals(payload)).toBe(true);

    let afterAbort = 0;
    client.writeOwned(patterned(MiB), 'microtask', () => afterAbort++);
    client.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(afterAbort).toBe(0);
    expect(written).toBe(1);
  });

  it('never calls onWritten over an in-memory pair, whose peer keeps the very bytes written', async () => {
    const [a, b] = pairConnections();
    const payload = new Uint8Array(100_000).fill(9);
    let written = 0;
    a.writeOwned(payload, 'microtask', () => written++);
    expect(await readable(b, 100_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The peer's input holds these bytes: reusing the array would change what it received.
    expect(written).toBe(0);
    expect(b.input.view(100_000).every((byte) => byte === 9)).toBe(true);
  });

  it('with the immediate flush, writes made across promise jobs leave in one socket write', async () => {
    const [a, b] = await open();
    for (let i = 0; i < 50; i++) {
      a.write(new Uint8Array([i]), 'immediate');
      // Each write in its own promise job: a microtask flush would send one write per job.
      await Promise.resolve();
    }
    a.writeOwned(new Uint8Array([50]), 'immediate');
    await Promise.resolve();
    expect(a.stats.socketWrites).toBe(0);
    expect(await readable(b, 51)).toBe(true);
    expect(a.stats.socketWrites).toBe(1);
    expect([...b.input.view(51)]).toEqual([...Array(51).keys()]);
  });

  it('sends what waits for an immediate flush with the next microtask flush', async () => {
    const [a, b] = await open();
    a.write(new Uint8Array([1]), 'immediate');
    await Promise.resolve();
    a.beginWrite('microtask').writeU8(2);
    await Promise.resolve();
    expect(a.stats.socketWrites).toBe(1);
    expect(await readable(b, 2)).toBe(true);
    expect([...b.input.view(2)]).toEqual([1, 2]);
    // The immediate flush scheduled first finds nothing left to send.
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.stats.socketWrites).toBe(1);
  });

  it('sends the writes made inside a readable handler in one socket write at the end of the event', async () => {
    const [a, b] = await open();
    b.onReadable((connection) => {
      while (connection.input.readableBytes >= 4) {
        const value = connection.input.readU32();
        connection.write(new Uint8Array([value & 0xff]));
        connection.write(new Uint8Array([(value >>> 8) & 0xff]));
      }
    });
    const out = a.beginWrite();
    for (let i = 0; i < 50; i++) out.writeU32(i);
    expect(await readable(a, 100)).toBe(true);
    expect(b.stats.socketWrites).toBeLessThanOrEqual(b.stats.reads);
    expect([...a.input.view(4)]).toEqual([0, 0, 1, 0]);
  });

  it('supports half-close: the peer sees the end and can still answer', async () => {
    const [a, b] = await open();
    const bHalf = b as Connection;
    a.write(new Uint8Array([1, 2, 3]));
    a.shutdown();
    expect(() => a.write(new Uint8Array([4]))).toThrow(NetError);
    expect(await readable(bHalf, 4)).toBe(false);
    expect(bHalf.ended).toBe(true);
    expect(bHalf.input.readableBytes).toBe(3);
    // b (allowHalfOpen false by default) ended its side in turn: both close cleanly.
    expect(await a.closed).toBeNull();
    expect(await b.closed).toBeNull();
  });

  it('flushes on graceful close and reports a clean close on both ends', async () => {
    const [a, b] = await open();
    const big = new Uint8Array(1024 * 1024).fill(9);
    a.write(big);
    a.close();
    expect(a.state).toBe('closing');
    expect(await readable(b, big.length)).toBe(true);
    expect(await a.closed).toBeNull();
    expect(await b.closed).toBeNull();
    expect(b.input.readableBytes).toBe(big.length);
    expect(a.state).toBe('closed');
  });

  it('reports a reset to the peer of an aborted connection', async () => {
    const [a, b] = await open();
    a.abort();
    expect((await a.closed)?.code).toBe('aborted');
    const reason = await b.closed;
    expect(reason?.code).toBe('reset');
    expect(() => b.write(new Uint8Array(1))).toThrow(/closed/);
    await expect(readable(b, 1)).rejects.toMatchObject({ code: 'reset' });
  });
});

describe('Connection output storage', () => {
  it('over TCP, writes over bytes the kernel took at once instead of a fresh array per flush', async () => {
    const [client, server] = await tcpConnections();
    const frame = new Uint8Array(4096);
    let array: Uint8Array | undefined;
    let reused = 0;
    for (let i = 0; i < 64; i++) {
      frame.fill(i);
      client.write(frame);
      // One flush per round; the peer reads everything, so each write completes at once.
      expect(await readable(server, 4096)).toBe(true);
      expect(server.input.peekU8(0)).toBe(i);
      expect(server.input.peekU8(4095)).toBe(i);
      server.input.retrieve(4096);
      // The whole array is writable again from its start.
      expect(client.output.writerIndex).toBe(0);
      if (client.output.bytes === array) reused++;
      array = client.output.bytes;
    }
    expect(client.stats.socketWrites).toBe(64);
    // Without reuse, the 256 KiB sent would have needed a new 64 KiB array every 16 rounds.
    expect(reused).toBe(63);
  });

  it('over TCP, writes into its array again once the socket wrote what the kernel took late', async () => {
    const [client, server] = await tcpConnections();
    server.pauseReading();
    // Fills the kernel's buffers: the last flushes stay queued in the socket.
    let sent = 0;
    for (let i = 0; i < 64 && client.pendingOutputBytes === 0; i++) {
      client.write(patterned(MiB));
      client.flush();
      sent += MiB;
    }
    expect(client.pendingOutputBytes).toBeGreaterThan(0);
    server.resumeReading();
    const drained = async () => {
      while (server.stats.bytesRead < sent) {
        expect(await readable(server, 1)).toBe(true);
        server.input.retrieveAll();
      }
    };
    await drained();
    await until(() => client.pendingOutputBytes === 0);
    await new Promise((resolve) => setImmediate(resolve));
    const array = client.output.bytes.buffer;
    // Without being given back, the handed-off array would be left for a fresh one.
    client.write(patterned(MiB));
    expect(client.output.bytes.buffer === array).toBe(true);
    client.flush();
    sent += MiB;
    await drained();
    expect(server.stats.bytesRead).toBe(sent);
  });

  it('over an in-memory pair, never writes over bytes handed to the peer', async () => {
    const [a, b] = pairConnections();
    const received: Uint8Array[] = [];
    b.onReadable((connection) => {
      // Keeps views into what arrived: the chunks the writer handed over.
      received.push(connection.input.view());
      connection.input.retrieveAll();
    });
    for (let i = 0; i < 8; i++) {
      a.write(new Uint8Array(1000).fill(i));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received.length).toBe(8);
    received.forEach((chunk, i) => {
      expect(chunk.length).toBe(1000);
      expect(chunk.every((byte) => byte === i)).toBe(true);
    });
  });
});

describe('Connection over TCP', () => {
  it('pauses reading while the input is over its high-water mark and resumes when consumed', async () => {
    const [client, server] = await tcpConnections(
      {},
      { inputHighWaterMark: 64 * 1024, inputLowWaterMark: 16 * 1024 },
    );
    const total = 8 * 1024 * 1024;
    const chunk = new Uint8Array(256 * 1024).fill(1);
    let sent = 0;
    const sending = (async () => {
      while (sent < total) {
        client.write(chunk);
        sent += chunk.length;
        await drained(client);
      }
    })();
    await readable(server, 64 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.readingPausedForBackpressure).toBe(true);
    // Kernel buffers hold some, but the input buffer stays bounded near its mark.
    expect(server.input.readableBytes).toBeLessThan(64 * 1024 + 128 * 1024);
    expect(server.stats.bytesRead).toBeLessThan(total);
    let received = 0;
    while (received < total) {
      await readable(server, 1);
      received += server.input.readableBytes;
      server.input.retrieveAll();
    }
    await sending;
    expect(received).toBe(total);
  });

  it('makes writers wait while the output is over its high-water mark (slow peer)', async () => {
    const [client, server, pair] = await tcpConnections(
      { outputHighWaterMark: 128 * 1024, outputLowWaterMark: 32 * 1024 },
      {},
    );
    pair.server.pause();
    const chunk = new Uint8Array(64 * 1024);
    let accepted = true;
    let written = 0;
    while (accepted && written < 64 * 1024 * 1024) {
      accepted = client.write(chunk);
      written += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(accepted).toBe(false);
    expect(client.pendingOutputBytes).toBeGreaterThan(128 * 1024);
    let resumed = false;
    const waiting = drained(client).then(() => {
      resumed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(resumed).toBe(false);
    pair.server.resume();
    server.onReadable((connection) => connection.input.retrieveAll());
    await waiting;
    expect(client.pendingOutputBytes).toBeLessThanOrEqual(32 * 1024);
  });

  it('stops reading while paused by the user, and resumes on request', async () => {
    const [client, server] = await tcpConnections();
    server.pauseReading();
    client.write(new Uint8Array(1000).fill(5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.stats.bytesRead).toBe(0);
    server.resumeReading();
    expect(await readable(server, 1000)).toBe(true);
  });

  it('reports a reset when the peer resets mid-write', async () => {
    const [client, , pair] = await tcpConnections();
    pair.server.pause();
    const chunk = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 8; i++) client.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 20));
    pair.server.resetAndDestroy();
    const reason = await client.closed;
    expect(reason).toBeInstanceOf(NetError);
    expect(reason?.code).toBe('reset');
    expect(reason?.message).toContain('127.0.0.1');
  });

  it('detects a silent (half-open) peer through the idle timeout', async () => {
    const [client] = await tcpConnections({ idleTimeoutMs: 60 });
    const started = performance.now();
    const reason = await client.closed;
    expect(reason?.code).toBe('idle-timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('keeps an active connection open past its idle timeout', async () => {
    const [client, server] = await tcpConnections({ idleTimeoutMs: 80 });
    server.onReadable((connection) => connection.input.retrieveAll());
    for (let i = 0; i < 8; i++) {
      client.write(new Uint8Array([i]));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(client.state).toBe('open');
  });
});

describe('Connection', () => {
  it('aborts with the cause when a readable handler throws', async () => {
    const [a, b] = pairConnections();
    b.onReadable(() => {
      throw new Error('boom');
    });
    a.write(new Uint8Array([1]));
    const reason = await b.closed;
    expect(reason?.code).toBe('io');
    expect(reason?.cause).toEqual(new Error('boom'));
  });

  it('rejects bad options with an error naming the option and what was expected', () => {
    const [socket, peer] = MemoryDuplex.pair();
    peer.on('error', () => {});
    const attempt = (options: unknown) => {
      try {
        new Connection(socket, options as ConnectionOptions);
      } catch (error) {
        return error as NetError;
      }
      throw new Error('expected the options to be refused');
    };
    const negative = attempt({ outputHighWaterMark: -1 });
    expect(negative.code).toBe('invalid-option');
    expect(negative.message).toContain('outputHighWaterMark');
    expect(negative.message).toMatch(/>0|positive|too small/i);
    expect(attempt({ idleTimeout: 5 }).message).toContain('idleTimeout');
    expect(attempt({ flush: 'later' }).message).toContain('flush');
    expect(attempt({ writeStallTimeoutMs: -1 }).message).toContain('writeStallTimeoutMs');
    expect(attempt({ writeStallTimeoutMs: '5s' }).message).toContain('writeStallTimeoutMs');
    expect(attempt({ inputHighWaterMark: 10, inputLowWaterMark: 20 }).message).toContain(
      'inputLowWaterMark',
    );
    socket.destroy();
  });
});

describe('Connection coroutine operations', () => {
  it('reads frames in a reader coroutine until end of input', async () => {
    const [a, b] = pairConnections();
    const received: number[] = [];
    const reader = run(function* () {
      while (yield* b.read(4)) received.push(b.input.readU32());
      return b.input.readableBytes;
    });
    for (let i = 0; i < 10; i++) a.beginWrite().writeU32(i);
    await Promise.resolve();
    a.write(new Uint8Array([1, 2]));
    a.shutdown();
    expect(await reader).toBe(2);
    expect(received).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each(['microtask', 'immediate'] as const)(
    'coalesces writes of 64 coroutines resumed in one scheduler batch into one socket write (flush: %s)',
    async (flush) => {
      const [a, b] = pairConnections({ flush });
      const resumers: Resumer<void>[] = [];
      const main = run(function* () {
        const tasks: Task<void>[] = [];
        for (let i = 0; i < 64; i++) {
          tasks.push(
            yield* spawn(function* () {
              yield* suspend<void>((resumer) => {
                resumers.push(resumer);
              });
              a.write(new Uint8Array([i]));
            }),
          );
        }
        for (const task of tasks) yield* task;
      });
      while (resumers.length < 64) await new Promise((resolve) => setImmediate(resolve));
      // Resumed from a plain callback, as a socket event fanning out to request coroutines.
      for (const resumer of resumers) resumer.resume();
      await main;
      expect(await readable(b, 64)).toBe(true);
      expect(a.stats.socketWrites).toBe(1);
      expect([...b.input.view(3, 61)]).toEqual([61, 62, 63]);
    },
  );

  it('throws the close reason at a reader when the connection fails', async () => {
    const [a, b] = pairConnections();
    const reader = run(function* () {
      return yield* b.read(1);
    });
    a.abort();
    await expect(reader).rejects.toMatchObject({ code: 'reset' });
  });

  it('makes a sending coroutine wait for a slow peer and go on when it reads', async () => {
    const [client, server, pair] = await tcpConnections(
      { outputHighWaterMark: 256 * 1024, outputLowWaterMark: 64 * 1024 },
      {},
    );
    pair.server.pause();
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const sender = run(function* () {
      for (let i = 0; i < 128; i++) {
        yield* client.send(chunk);
        sent++;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toBeLessThan(128);
    expect(client.pendingOutputBytes).toBeGreaterThan(256 * 1024);
    server.onReadable((connection) => connection.input.retrieveAll());
    pair.server.resume();
    await sender;
    expect(sent).toBe(128);
  });

  it('waits for the close and returns its reason', async () => {
    const [a, b] = pairConnections();
    const watcher = run(function* () {
      return yield* b.untilClosed();
    });
    a.close();
    expect(await watcher).toBeNull();
  });
});

/** `length` bytes with a position-dependent pattern, so misplaced bytes show. */
function patterned(length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >>> 10)) & 0xff;
  return bytes;
}

/** A `| u32 payload length | payload |` frame. */
function lengthPrefixed(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(4 + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, 4);
  return frame;
}

/** Resolves once `check` holds, polling every few ms; rejects after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const MiB = 1024 * 1024;

describe('Connection input expectations over TCP', () => {
  it('reads a 15 MiB frame to its end with the default water marks, growing the input once', async () => {
    const [client, server, pair] = await tcpConnections();
    let socketPauses = 0;
    let pausesMidFrame = 0;
    const pause = pair.server.pause;
    pair.server.pause = function (this: typeof pair.server) {
      socketPauses++;
      return pause.call(this);
    };
    const payload = patterned(15 * MiB);
    const storages = new Set<Uint8Array>();
    let pausedMidFrame = false;
    const received = new Promise<Uint8Array>((resolve) => {
      server.onReadable((connection) => {
        const input = connection.input;
        if (input.readableBytes < 4) return;
        const total = 4 + input.peekU32();
        if (input.readableBytes < total) {
          // Paused by this chunk before the consumer could say anything? (It must not be.)
          pausedMidFrame ||= connection.readingPausedForBackpressure;
          pausesMidFrame = socketPauses;
          connection.expectInput(total);
          storages.add(input.bytes);
          return;
        }
        input.retrieve(4);
        resolve(input.takeOwned(total - 4));
      });
    });
    client.writeOwned(lengthPrefixed(payload));
    const frame = await received;
    expect(frame.length).toBe(payload.length);
    expect(Buffer.from(frame.buffer, frame.byteOffset, frame.length).equals(payload)).toBe(true);
    expect(pausedMidFrame).toBe(false);
    expect(pausesMidFrame).toBe(0);
    // One array from the expectation to the end, handed over without a copy.
    expect(storages.size).toBe(1);
    expect(frame.buffer).toBe([...storages][0]?.buffer);
    expect(server.expectedInput).toBe(0);
  });

  it('keeps reading bounded for a consumer that expects nothing, and resumes when it expects', async () => {
    const [client, server] = await tcpConnections();
    const payload = patterned(15 * MiB);
    client.writeOwned(lengthPrefixed(payload));
    // The consumer takes nothing: reading pauses near the 4 MiB high-water mark.
    await until(() => server.readingPausedForBackpressure);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.readingPausedForBackpressure).toBe(true);
    expect(server.input.readableBytes).toBeGreaterThanOrEqual(4 * MiB);
    expect(server.input.readableBytes).toBeLessThan(5 * MiB);
    expect(server.stats.bytesRead).toBe(server.input.readableBytes);

    // Declaring the frame's length resumes the paused socket; the frame is read to its end.
    const total = 4 + server.input.peekU32();
    server.expectInput(total);
    expect(server.expectedInput).toBe(total);
    expect(server.readingPausedForBackpressure).toBe(false);
    expect(await readable(server, total)).toBe(true);
    expect(server.expectedInput).toBe(0);
    server.input.retrieve(4);
    const frame = server.input.takeOwned(payload.length);
    expect(Buffer.from(frame).equals(payload)).toBe(true);

    // The expectation is gone once met and consumed: the high-water pause works again.
    client.writeOwned(patterned(12 * MiB));
    await until(() => server.readingPausedForBackpressure);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.input.readableBytes).toBeLessThan(5 * MiB);
  });

  it('never holds a read waiter behind a pause for fewer bytes than it waits for', async () => {
    const [client, server] = await tcpConnections(
      {},
      { inputHighWaterMark: 256 * 1024, inputLowWaterMark: 64 * 1024 },
    );
    client.writeOwned(patterned(4 * MiB));
    await until(() => server.readingPausedForBackpressure);
    // Consumed to 200 KiB, above the low mark: still paused, until a reader needs more.
    server.input.retrieve(server.input.readableBytes - 200 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.readingPausedForBackpressure).toBe(true);
    expect(await readable(server, 250 * 1024)).toBe(true);
    // A reader for more than the high-water mark gets all of it (3 MiB at a 256 KiB mark).
    server.input.retrieveAll();
    const consumed = server.stats.bytesRead;
    expect(await readable(server, 4 * MiB - consumed)).toBe(true);
  });

  it('lets a pause requested with pauseReading hold an expectation back', async () => {
    const [client, server] = await tcpConnections();
    server.pauseReading();
    client.writeOwned(patterned(MiB));
    server.expectInput(MiB);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.stats.bytesRead).toBe(0);
    server.resumeReading();
    expect(await readable(server, MiB)).toBe(true);
  });
});

describe('Connection.expectInput', () => {
  it('refuses more than maxInputBufferSize and what is not a byte count; 0 clears', () => {
    const [, b] = pairConnections({ maxInputBufferSize: MiB });
    const refusal = (bytes: number): NetError => {
      try {
        b.expectInput(bytes);
      } catch (error) {
        return error as NetError;
      }
      throw new Error(`expectInput(${bytes}) was accepted`);
    };
    const tooLarge = refusal(MiB + 1);
    expect(tooLarge).toBeInstanceOf(NetError);
    expect(tooLarge.code).toBe('capacity-exceeded');
    expect(tooLarge.message).toContain('maxInputBufferSize');
    expect(refusal(-1).code).toBe('invalid-value');
    expect(refusal(1.5).code).toBe('invalid-value');
    expect(b.expectedInput).toBe(0);
    b.expectInput(MiB);
    expect(b.expectedInput).toBe(MiB);
    // Grown once, ahead of the bytes.
    expect(b.input.capacity).toBeGreaterThanOrEqual(MiB);
    b.expectInput(0);
    expect(b.expectedInput).toBe(0);
  });

  it.each([
    { total: 100_000, first: 1000 },
    { total: 300, first: 100 },
  ])(
    'delivers an expected range of $total bytes alone when the chunk completing it brings more, so it is taken whole',
    async ({ total, first }) => {
      const [a, b] = pairConnections();
      const seen: number[] = [];
      let owned: Uint8Array | undefined;
      let storageAtTake: Uint8Array | undefined;
      b.onReadable((connection) => {
        const input = connection.input;
        seen.push(input.readableBytes);
        if (owned === undefined && input.readableBytes >= total) {
          storageAtTake = input.bytes;
          owned = input.readOwned(total);
        }
      });
      const sent = patterned(total + 10);
      a.write(sent.subarray(0, first));
      await until(() => seen.length > 0);
      b.expectInput(total);
      // One chunk: the rest of the range and 10 bytes of what follows it.
      a.write(sent.subarray(first));
      await until(() => b.input.readableBytes === 10);
      expect(seen).toEqual([first, total, 10]);
      // The array made for the range was handed over as it was: no copy, nothing more kept alive.
      expect(owned?.buffer).toBe(storageAtTake?.buffer);
      expect(owned?.buffer.byteLength).toBe(total);
      expect(Buffer.from(owned as Uint8Array).equals(sent.subarray(0, total))).toBe(true);
      expect(Buffer.from(b.input.view()).equals(sent.subarray(total))).toBe(true);
    },
  );

  it('fails a read waiter for more than maxInputBufferSize at once', async () => {
    const [, b] = pairConnections({ maxInputBufferSize: MiB });
    await expect(readable(b, MiB + 1)).rejects.toMatchObject({ code: 'capacity-exceeded' });
    expect(b.state).toBe('open');
  });
});

describe('Connection write-stall detection over TCP', () => {
  it('aborts with write-stall when the peer stops reading while output waits', async () => {
    const [client, , pair] = await tcpConnections({ writeStallTimeoutMs: 200 });
    pair.server.pause();
    const chunk = new Uint8Array(MiB).fill(3);
    const started = performance.now();
    for (let i = 0; i < 32; i++) client.writeOwned(chunk);
    const reason = await client.closed;
    const elapsed = performance.now() - started;
    expect(reason).toBeInstanceOf(NetError);
    expect(reason?.code).toBe('write-stall');
    expect(reason?.address).toBe(client.remoteAddress);
    expect(reason?.message).toMatch(
      /^the peer at 127\.0\.0\.1:\d+ has not read for \d+ ms \(limit 200 ms\) while [\d.]+ MiB waited to be sent/,
    );
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(3000);
  });

  it('leaves a peer that reads slowly alone', async () => {
    const [client, , pair] = await tcpConnections({ writeStallTimeoutMs: 2000 });
    // The peer reads in short bursts every 60 ms: far inside the limit, even on a loaded machine.
    pair.server.pause();
    let got = 0;
    pair.server.on('data', (chunk: Buffer) => {
      got += chunk.length;
    });
    pair.server.pause();
    const reader = setInterval(() => {
      pair.server.resume();
      setTimeout(() => pair.server.pause(), 5);
    }, 60);
    cleanups.push(() => clearInterval(reader));
    const chunk = new Uint8Array(256 * 1024).fill(4);
    const total = 24 * MiB;
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (!client.write(chunk)) await drained(client);
    }
    await until(() => got === total, 15_000);
    expect(client.state).toBe('open');
  });

  it('is off by default', async () => {
    const [client, , pair] = await tcpConnections();
    pair.server.pause();
    const chunk = new Uint8Array(MiB);
    for (let i = 0; i < 24; i++) client.writeOwned(chunk);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.state).toBe('open');
    expect(client.pendingOutputBytes).toBeGreaterThan(0);
  });
});

describe('Connection half-close', () => {
  it.each(['memory', 'tcp'] as const)(
    'with allowHalfOpen, writes all its answers after the peer ended its side, then closes (%s)',
    async (transport) => {
      const [client, server] =
        transport === 'memory'
          ? pairConnections({ allowHalfOpen: true })
          : ((await tcpConnections({}, { allowHalfOpen: true })).slice(0, 2) as [
              Connection,
              Connection,
            ]);
      const requests = 100;
      const answerSize = 64 * 1024;
      const out = client.beginWrite();
      for (let i = 0; i < requests; i++) out.writeU32(i);
      client.shutdown();

      const served = (async () => {
        // Read until the peer's end: the connection stays open for our answers.
        expect(await readable(server, requests * 4 + 1)).toBe(false);
        expect(server.ended).toBe(true);
        expect(server.state).toBe('open');
        let waitedForDrain = false;
        for (let i = 0; i < requests; i++) {
          const id = server.input.readU32();
          if (!server.write(new Uint8Array(answerSize).fill(id & 0xff))) {
            waitedForDrain = true;
            await drained(server);
          }
        }
        server.close();
        return waitedForDrain;
      })();

      let received = 0;
      while (await readable(client, 1)) {
        const bytes = client.input.view();
        for (let i = 0; i < bytes.length; i += 997) {
          expect(bytes[i]).toBe(Math.floor((received + i) / answerSize) & 0xff);
        }
        received += bytes.length;
        client.input.retrieveAll();
      }
      expect(received).toBe(requests * answerSize);
      // 6.25 MiB of answers went out through backpressure (over the 4 MiB output mark).
      expect(await served).toBe(true);
      expect(await server.closed).toBeNull();
      expect(await client.closed).toBeNull();
    },
  );
});
