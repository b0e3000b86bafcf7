import {
  connect,
  decodeHandshakeMeta,
  FramedConnection,
  FrameType,
  localHandshake,
  run,
} from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOptionError, Server, Status } from '../src/index.js';
import { CallLimiter } from '../src/server/call-limiter.js';
import { Echo } from './helpers/echo-service.js';
import { eventually, type Harness, rejection, startEchoServer } from './helpers/harness.js';

describe('CallLimiter', () => {
  it('refuses past the per-connection limit, naming it', () => {
    const limiter = new CallLimiter({ maxConcurrentCallsPerConnection: 2 });
    expect(limiter.refusal(1, '/a.B/C')).toBeUndefined();
    const refusal = limiter.refusal(2, '/a.B/C');
    expect(refusal?.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(refusal?.message).toContain('maxConcurrentCallsPerConnection is 2');
  });

  it('refuses past the per-server limit and admits again after a release', () => {
    const limiter = new CallLimiter({ maxConcurrentCalls: 2 });
    limiter.acquire();
    limiter.acquire();
    expect(limiter.refusal(0, '/a.B/C')?.message).toContain('maxConcurrentCalls is 2');
    limiter.release();
    expect(limiter.refusal(0, '/a.B/C')).toBeUndefined();
    limiter.release(5);
    expect(limiter.active).toBe(0);
  });

  it('has no limit when none is set', () => {
    const limiter = new CallLimiter({});
    for (let i = 0; i < 1000; i++) limiter.acquire();
    expect(limiter.refusal(1000, '/a.B/C')).toBeUndefined();
  });
});

describe('concurrency limits over loopback', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('answers calls over the per-connection limit at once with RESOURCE_EXHAUSTED', async () => {
    harness = await startEchoServer({ maxConcurrentCallsPerConnection: 2 });
    const echo = harness.client().service(Echo);
    const running = [echo.sleep({ ms: 400 }), echo.sleepAsync({ ms: 400 })];
    await eventually(() => harness?.log.events.length === 2);
    const started = Date.now();
    const error = await rejection(echo.sleep({ ms: 1 }));
    expect(Date.now() - started).toBeLessThan(300);
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toContain('maxConcurrentCallsPerConnection is 2');
    // Plain handlers still run: they finish inside their frame.
    await expect(echo.echo({ text: 'x' })).resolves.toMatchObject({ text: 'x' });
    await Promise.all(running);
    await expect(echo.sleep({ ms: 1 })).resolves.toEqual({ text: 'slept' });
  });

  it('counts the calls of every connection against the per-server limit', async () => {
    harness = await startEchoServer({ maxConcurrentCalls: 2 });
    const first = harness.client().service(Echo);
    const second = harness.client().service(Echo);
    const running = [first.sleep({ ms: 400 }), second.sleep({ ms: 400 })];
    await eventually(() => harness?.log.events.length === 2);
    const error = await rejection(second.sleepAsync({ ms: 1 }));
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toContain('maxConcurrentCalls is 2');
    await Promise.all(running);
    await expect(first.sleep({ ms: 1 })).resolves.toEqual({ text: 'slept' });
  });

  it('frees the places of calls that expire, are cancelled or lose their connection', async () => {
    harness = await startEchoServer({ maxConcurrentCalls: 1 });
    const client = harness.client();
    const echo = client.service(Echo);
    await echo.echo({ text: 'connect first, so that the deadline is spent on the server' });
    expect((await rejection(echo.sleep({ ms: 5000 }, { timeoutMs: 50 }))).code).toBe(
      Status.DEADLINE_EXCEEDED,
    );
    const controller = new AbortController();
    const cancelled = echo.sleepAsync({ ms: 5000 }, { signal: controller.signal });
    await eventually(() => harness?.log.events.includes('async:start') === true, 5000);
    controller.abort();
    expect((await rejection(cancelled)).code).toBe(Status.CANCELLED);
    const startsBefore = starts(harness);
    const lost = echo.sleep({ ms: 5000 });
    await eventually(() => harness !== undefined && starts(harness) > startsBefore, 5000);
    const lostError = rejection(lost);
    await client.close();
    expect((await lostError).code).toBe(Status.UNAVAILABLE);
    await eventually(() => harness?.server.connections === 0, 5000);
    const other = harness.client().service(Echo);
    await expect(other.sleep({ ms: 1 })).resolves.toEqual({ text: 'slept' });
  });

  it('announces the per-connection limit and its heartbeat interval in its handshake', async () => {
    harness = await startEchoServer({
      maxConcurrentCallsPerConnection: 7,
      heartbeat: { intervalMs: 12_345 },
    });
    const connection = new FramedConnection(
      await connect({
        host: harness.endpoint.host ?? '127.0.0.1',
        port: harness.endpoint.port ?? 0,
      }),
    );
    try {
      connection.sendHandshake(localHandshake());
      const frame = await run(() => connection.readFrame()).promise;
      expect(frame?.type).toBe(FrameType.HANDSHAKE);
      const meta = decodeHandshakeMeta(
        frame?.bytes ?? new Uint8Array(),
        frame?.metaStart ?? 0,
        frame?.metaEnd ?? 0,
      );
      expect(meta.maxConcurrentCalls).toBe(7);
      expect(meta.heartbeatIntervalMs).toBe(12_345);
    } finally {
      connection.close();
      await connection.closed;
    }
  });

  it('rejects a limit that is not a positive integer, naming the option', () => {
    expect(() => new Server({ maxConcurrentCalls: 0 })).toThrow(InvalidOptionError);
    expect(() => new Server({ maxConcurrentCallsPerConnection: 1.5 })).toThrow(
      /maxConcurrentCallsPerConnection/,
    );
  });
});

function starts(harness: Harness): number {
  return harness.log.events.filter((event) => event === 'sleep:start').length;
}
