import { afterEach, describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import type { EchoClientFactory, EchoServerHandle } from '../src/targets/echo-target.js';
import { connectEchoClient } from '../src/targets/raw/raw-client.js';
import { startEchoServer } from '../src/targets/raw/raw-server.js';
import { runEchoWorkload } from '../src/workload/echo-workload.js';

let server: EchoServerHandle | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('runEchoWorkload', () => {
  it('measures calls between the warm-up and the end of the window, with every byte checked', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const phases: string[] = [];
    const result = await runEchoWorkload(
      connectEchoClient,
      {
        host: '127.0.0.1',
        port: server.port,
        connections: 3,
        concurrency: 4,
        payloadSize: 100,
        warmupMs: 50,
        durationMs: 200,
        verifyBytes: true,
      },
      { onMeasureStart: () => phases.push('start'), onMeasureEnd: () => phases.push('end') },
    );
    expect(phases).toEqual(['start', 'end']);
    expect(result.calls).toBeGreaterThan(0);
    expect(result.latency.count).toBe(result.calls);
    expect(result).toMatchObject({ errors: 0, mismatches: 0, firstError: undefined });
    expect(result.measuredMs).toBeGreaterThanOrEqual(190);
    expect(result.maxRssKiB).toBeGreaterThan(0);
  });

  it('fails fast when the server cannot be reached', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const port = server.port;
    await server.close();
    server = undefined;
    await expect(
      runEchoWorkload(connectEchoClient, {
        host: '127.0.0.1',
        port,
        connections: 2,
        concurrency: 1,
        payloadSize: 16,
        warmupMs: 0,
        durationMs: 100,
        verifyBytes: false,
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

/** An in-memory target whose replies come back after `delayMs`, or fail when `fail` is set. */
function fakeTarget(delayMs: number, events: string[], fail = false): EchoClientFactory {
  return async () => ({
    call(payload, onReply) {
      setTimeout(() => {
        events.push('reply');
        onReply(fail ? new Error('refused') : undefined, fail ? undefined : payload);
      }, delayMs);
    },
    close: async () => {},
  });
}

describe('runEchoWorkload warm-up', () => {
  it('opens the measured window only after every slot has completed a first call', async () => {
    const events: string[] = [];
    const result = await runEchoWorkload(
      fakeTarget(30, events),
      {
        host: '127.0.0.1',
        port: 1,
        connections: 2,
        concurrency: 2,
        payloadSize: 8,
        warmupMs: 0,
        durationMs: 100,
        verifyBytes: true,
      },
      { onMeasureStart: () => events.push('measure') },
    );
    expect(events.indexOf('measure')).toBeGreaterThanOrEqual(4);
    expect(result.mismatches).toBe(0);
  });

  it('goes on warming up until the rate is steady, so a slow start is not measured', async () => {
    // Replies take 20 ms at first, 1 ms less every 60 ms, 1 ms from 1.2 s on: like a runtime
    // whose code gets faster as it warms up.
    const started = performance.now();
    const warming: EchoClientFactory = async () => ({
      call(payload, onReply) {
        const delayMs = Math.max(1, 20 - Math.floor((performance.now() - started) / 60));
        setTimeout(() => onReply(undefined, payload), delayMs);
      },
      close: async () => {},
    });
    const result = await runEchoWorkload(warming, {
      host: '127.0.0.1',
      port: 1,
      connections: 1,
      concurrency: 1,
      payloadSize: 8,
      warmupMs: 100,
      durationMs: 300,
      verifyBytes: false,
    });
    expect(result.warmupMs).toBeGreaterThan(1200);
    expect(result.warmupMs).toBeLessThan(5000);
    // Every measured call was a fast one: at most a few ms each, not 20.
    expect(result.latency.p99Us).toBeLessThan(15_000);
  });

  it('ends, with the error reported, when every call fails', async () => {
    const events: string[] = [];
    const result = await runEchoWorkload(fakeTarget(1, events, true), {
      host: '127.0.0.1',
      port: 1,
      connections: 1,
      concurrency: 3,
      payloadSize: 8,
      warmupMs: 0,
      durationMs: 100,
      verifyBytes: false,
    });
    expect(result).toMatchObject({ calls: 0, firstError: 'refused' });
    expect(events).toHaveLength(3);
  });
});

/** An in-memory target that never answers. */
const silentTarget: EchoClientFactory = async () => ({
  call() {},
  close: async () => {},
});

const SPEC = {
  host: '127.0.0.1',
  port: 1,
  connections: 1,
  concurrency: 1,
  payloadSize: 8,
  warmupMs: 0,
  durationMs: 100,
  verifyBytes: false,
};

describe('runEchoWorkload time bounds', () => {
  it('fails as stalled, after the stall timeout, when no call ever comes back', async () => {
    const started = performance.now();
    const error = await runEchoWorkload(silentTarget, { ...SPEC, stallTimeoutMs: 200 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).code).toBe('STALLED');
    expect((error as BenchError).message).toBe(
      'stalled: no reply to any of the 1 calls in flight (8 B each) within 200 ms',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('holds the window open until minCalls calls completed in it', async () => {
    const result = await runEchoWorkload(fakeTarget(120, []), {
      ...SPEC,
      minCalls: 3,
      stallTimeoutMs: 5_000,
    });
    expect(result.calls).toBeGreaterThanOrEqual(3);
    expect(result.latency.count).toBe(result.calls);
    // The window (100 ms) may open mid-call: the first completion comes at once, the next two
    // 120 ms apart each, so it stays open for at least two whole calls.
    expect(result.measuredMs).toBeGreaterThanOrEqual(2 * 120 - 2);
  });

  it('counts calls left unanswered after the drain timeout instead of waiting for them', async () => {
    let answered = 0;
    const forgetful: EchoClientFactory = async () => ({
      call(payload, onReply) {
        if (answered++ < 3) setTimeout(() => onReply(undefined, payload), 5);
      },
      close: async () => {},
    });
    const started = performance.now();
    const result = await runEchoWorkload(forgetful, { ...SPEC, drainTimeoutMs: 100 });
    expect(result.unfinishedCalls).toBe(1);
    // Two warm-up slices (the rate is gone) and the 100 ms window, then 100 ms of drain, not the
    // default 10 s.
    expect(performance.now() - started).toBeLessThan(2_000);
    const healthy = await runEchoWorkload(fakeTarget(5, []), SPEC);
    expect(healthy.unfinishedCalls).toBe(0);
  });

  it('stops waiting for minCalls after the stall timeout', async () => {
    const result = await runEchoWorkload(fakeTarget(150, []), {
      ...SPEC,
      minCalls: 1_000,
      stallTimeoutMs: 300,
    });
    expect(result.calls).toBeGreaterThanOrEqual(1);
    expect(result.measuredMs).toBeGreaterThanOrEqual(390);
    expect(result.measuredMs).toBeLessThan(1_500);
  });
});
