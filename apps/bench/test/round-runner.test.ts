import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChildHandle } from '../src/process/child-handle.js';
import { cpuProfileArgs, measuredExecArgv, toRoundMeasurement } from '../src/run/round-runner.js';

describe('toRoundMeasurement', () => {
  it('turns counts and CPU time into rates and per-call costs', () => {
    const measurement = toRoundMeasurement(
      2,
      4096,
      {
        calls: 5_000,
        errors: 0,
        mismatches: 0,
        measuredMs: 500,
        connectMs: 1,
        warmupMs: 300,
        latency: { count: 5_000, p50Us: 10, p99Us: 50, p999Us: 90, maxUs: 120, meanUs: 12 },
        cpuUs: 250_000,
        maxRssKiB: 70_000,
        firstError: undefined,
        unfinishedCalls: 1,
      },
      100_000,
      60_000,
    );
    expect(measurement).toMatchObject({
      round: 2,
      callsPerSecond: 10_000,
      bytesPerSecond: 10_000 * 4096,
      clientCpuUsPerCall: 50,
      serverCpuUsPerCall: 20,
      p99Us: 50,
      serverMaxRssKiB: 60_000,
      warmupMs: 300,
      unfinishedCalls: 1,
    });
  });
});

describe('cpuProfileArgs', () => {
  it('asks Node for a named CPU profile only when a directory is given', () => {
    expect(cpuProfileArgs(undefined, 'raw-server')).toEqual([]);
    expect(cpuProfileArgs('/tmp/p', 'raw-server')).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/tmp/p',
      '--cpu-prof-name=raw-server.cpuprofile',
    ]);
  });
});

describe('measuredExecArgv', () => {
  it('puts the Node flags before the CPU profile options', () => {
    expect(measuredExecArgv(undefined, undefined, 'raw-server')).toEqual([]);
    expect(measuredExecArgv(['--min-semi-space-size=16'], '/tmp/p', 'raw-client')).toEqual([
      '--min-semi-space-size=16',
      ...cpuProfileArgs('/tmp/p', 'raw-client'),
    ]);
  });

  it('reaches the child a ChildHandle starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-node-flags-'));
    try {
      // A child that reports its Node options and V8 heap limit, then hangs up.
      const probe = join(dir, 'probe.mjs');
      await writeFile(
        probe,
        "import { getHeapStatistics } from 'node:v8';\n" +
          'process.send({ type: "started", execArgv: process.execArgv, ' +
          'heapSizeLimit: getHeapStatistics().heap_size_limit }, () => process.disconnect());\n',
      );
      type Started = { type: 'started'; execArgv: string[]; heapSizeLimit: number };
      const child = new ChildHandle<never, Started>(
        pathToFileURL(probe),
        [],
        'probe',
        measuredExecArgv(['--max-old-space-size=123'], undefined, 'probe'),
      );
      const started = await child.waitFor('started', 10_000);
      await child.stop();
      expect(started.execArgv).toEqual(['--max-old-space-size=123']);
      // 123 MiB of old space plus the young generation; the default is gigabytes.
      const MiB = 1024 * 1024;
      expect(started.heapSizeLimit).toBeGreaterThanOrEqual(123 * MiB);
      expect(started.heapSizeLimit).toBeLessThan(256 * MiB);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
