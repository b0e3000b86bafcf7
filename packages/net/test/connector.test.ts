import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, connect, Listener, type NetError } from '../src/index.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function failure(promise: Promise<unknown>): Promise<NetError> {
  try {
    await promise;
  } catch (error) {
    return error as NetError;
  }
  throw new Error('expected a failure');
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connect', () => {
  it('reports a refused connection with its code and address', async () => {
    const port = await freePort();
    const error = await failure(connect({ port }));
    expect(error.code).toBe('refused');
    expect(error.syscallCode).toBe('ECONNREFUSED');
    expect(error.address).toBe(`127.0.0.1:${port}`);
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('reports a missing Unix socket as unreachable', async () => {
    const path = join(tmpdir(), `yrpc-net-missing-${process.pid}.sock`);
    const error = await failure(connect({ path }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(path);
  });

  it('times out an attempt that never completes (a TLS handshake nobody answers)', async () => {
    const silent: Server = createServer(() => {});
    const sockets: import('node:net').Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => silent.close(resolve));
    });
    const port = (silent.address() as { port: number }).port;
    const started = performance.now();
    const error = await failure(connect({ port, tls: {}, timeoutMs: 80 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('retries with backoff until the server appears', async () => {
    const port = await freePort();
    let listener: Listener | undefined;
    setTimeout(async () => {
      listener = await Listener.listen({ port });
    }, 120);
    cleanups.push(() => listener?.stop(100));
    const connection = await connect({
      port,
      retry: { attempts: 20, initialDelayMs: 20, maxDelayMs: 40 },
    });
    cleanups.push(() => connection.abort());
    expect(connection.state).toBe('open');
  });

  it('gives up after the last attempt and says how many were made', async () => {
    const port = await freePort();
    const error = await failure(
      connect({ port, retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 } }),
    );
    expect(error.code).toBe('refused');
    expect(error.message).toContain('attempt 3 of 3');
  });

  it('tells onRetry of each failed attempt it retries, with the delay and the error', async () => {
    const port = await freePort();
    const told: [number, number, string][] = [];
    const error = await failure(
      connect({
        port,
        retry: {
          attempts: 3,
          initialDelayMs: 1,
          maxDelayMs: 2,
          onRetry: (attempt, delayMs, reason) => told.push([attempt, delayMs, reason.code]),
        },
      }),
    );
    expect(error.code).toBe('refused');
    // Attempts 1 and 2 are retried; the third is the last, and is the error.
    expect(told.map(([attempt, , code]) => [attempt, code])).toEqual([
      [1, 'refused'],
      [2, 'refused'],
    ]);
    for (const [, delayMs] of told) expect(delayMs).toBeLessThanOrEqual(2);
    expect(await failure(connect({ port, retry: { onRetry: 'x' as never } }))).toMatchObject({
      code: 'invalid-option',
    });
  });

  it('grows the backoff delay exponentially within its bounds, with jitter', () => {
    const retry = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0.5 };
    expect(backoffDelay(retry, 2, () => 0)).toBe(50);
    expect(backoffDelay(retry, 2, () => 1)).toBe(100);
    expect(backoffDelay(retry, 4, () => 1)).toBe(400);
    expect(backoffDelay(retry, 10, () => 1)).toBe(1000);
    expect(backoffDelay({ jitter: 0 }, 3, () => 0.7)).toBe(200);
  });

  it('rejects bad options naming the option', async () => {
    const error = await failure(connect({ port: 0 }));
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain('port');
    const both = await failure(connect({ port: 1, path: '/tmp/x' }));
    expect(both.code).toBe('invalid-option');
    const retry = await failure(connect({ port: 1, retry: { jitter: 2 } }));
    expect(retry.message).toContain('retry.jitter');
  });
});
