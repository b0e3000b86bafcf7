import { afterEach, describe, expect, it } from 'vitest';
import type { EchoServerHandle } from '../src/targets/echo-target.js';
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
