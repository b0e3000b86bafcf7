import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, Status } from '../../src/index.js';
import { Echo } from '../helpers/echo-service.js';
import { clientOptions } from '../helpers/flow-options.js';
import { rejection } from '../helpers/harness.js';
import { MiB } from '../helpers/raw-peer.js';

// PROTOCOL.md section 10, "Backpressure between windows and the application": a client whose
// window is spent keeps new calls queued (their deadlines keep running) instead of failing them;
// `maxQueuedCalls` bounds that queue, and a call beyond it fails at once with RESOURCE_EXHAUSTED.

/** A request that fits the default 1 MiB window of a server that sent no handshake. */
const REQUEST = MiB - 16;

interface SilentServer {
  readonly port: number;
  readonly sockets: Socket[];
  /** Bytes received, when the server reads. */
  readonly received: number;
  close(): Promise<void>;
}

let silent: SilentServer | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await silent?.close();
  silent = undefined;
});

/**
 * A TCP server that accepts and then never writes or closes; it never reads either, unless
 * `read`, when it counts the bytes it receives (and so never holds back the client's socket).
 */
async function startSilentServer(read = false): Promise<SilentServer> {
  const sockets: Socket[] = [];
  let received = 0;
  const server: NetServer = createServer({ pauseOnConnect: !read }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    if (read) {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    sockets,
    get received() {
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await delay(ms);
  return settled;
}

function newClient(port: number, maxQueuedCalls?: number): Client {
  client = new Client(
    { host: '127.0.0.1', port },
    clientOptions({
      ...(maxQueuedCalls === undefined ? {} : { maxQueuedCalls }),
      heartbeat: { intervalMs: 0 },
    }),
  );
  return client;
}

describe('calls waiting for window', () => {
  it('wait while the window is spent, and beyond maxQueuedCalls fail at once with RESOURCE_EXHAUSTED', {
    timeout: 10_000,
  }, async () => {
    silent = await startSilentServer();
    const echo = newClient(silent.port, 5).service(Echo);
    const payload = new Uint8Array(REQUEST);
    const calls: Promise<unknown>[] = [];
    const call = () => {
      const pending = echo.echo({ payload });
      pending.catch(() => {});
      calls.push(pending);
      return pending;
    };
    // The first call takes the whole window the server granted (the 1 MiB default).
    expect(await settlesWithin(call(), 100)).toBe(false);
    // Five more wait for window: none fails.
    for (let i = 0; i < 5; i++) call();
    expect(await settlesWithin(Promise.race(calls), 200)).toBe(false);
    // The sixth waiting call is one too many.
    // At once: a call that waited instead (it has no deadline) would wait forever.
    const sixth = call();
    expect(await settlesWithin(sixth, 300), 'the sixth waiting call failing at once').toBe(true);
    const error = await rejection(sixth);
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toContain('maxQueuedCalls');
    // The ones waiting still wait.
    expect(await settlesWithin(Promise.race(calls.slice(0, 6)), 100)).toBe(false);
  });

  it('fail with DEADLINE_EXCEEDED when their deadline passes while they wait, never sent', {
    timeout: 10_000,
  }, async () => {
    // This server reads what comes (so the client's socket never backs up) and never answers.
    silent = await startSilentServer(true);
    const echo = newClient(silent.port).service(Echo);
    const payload = new Uint8Array(REQUEST);
    const first = echo.echo({ payload });
    first.catch(() => {});
    expect(await settlesWithin(first, 100)).toBe(false);
    const startedAt = Date.now();
    const error = await rejection(echo.echo({ payload }, { timeoutMs: 200 }));
    const waited = Date.now() - startedAt;
    expect(error.code).toBe(Status.DEADLINE_EXCEEDED);
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(3000);
    await delay(50);
    // Only the first request went out: the second waited for window until its deadline.
    expect(silent.received).toBeGreaterThan(REQUEST);
    expect(silent.received, 'bytes the server received').toBeLessThan(2 * REQUEST);
  });
});
