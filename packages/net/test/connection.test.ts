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
