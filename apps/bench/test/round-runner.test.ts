import { describe, expect, it } from 'vitest';
import { cpuProfileArgs, toRoundMeasurement } from '../src/run/round-runner.js';

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
