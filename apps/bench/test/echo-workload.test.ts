import { afterEach, describe, expect, it } from 'vitest';
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
