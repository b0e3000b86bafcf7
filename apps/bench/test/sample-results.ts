import { benchConfiguration } from '../src/plan/bench-configuration.js';
import type { BenchResults, RoundMeasurement } from '../src/results/bench-results.js';
import { assembleConfiguration } from '../src/run/bench-runner.js';

/** A round with the given throughput and p99; the other figures derive from them. */
export function sampleRound(
  round: number,
  callsPerSecond: number,
  p99Us: number,
): RoundMeasurement {
  return {
    round,
    calls: callsPerSecond,
    errors: 0,
    mismatches: 0,
    measuredMs: 1000,
    callsPerSecond,
    bytesPerSecond: callsPerSecond * 16,
    p50Us: p99Us / 4,
    p99Us,
    p999Us: p99Us * 2,
    maxUs: p99Us * 3,
    clientCpuUsPerCall: 2,
    serverCpuUsPerCall: 1.5,
    clientMaxRssKiB: 65_536,
    serverMaxRssKiB: 51_200,
    connectMs: 3,
  };
}

const fastEcho = benchConfiguration(1, 64, 16);
const bigEcho = benchConfiguration(1, 64, 256 * 1024);

/** A small fixed run: yrpc, raw and grpc-js at 64×16 B (3 rounds); raw and a failing grpc-js at 256 KiB. */
export const SAMPLE_RESULTS: BenchResults = {
  schemaVersion: 1,
  mode: 'quick',
  command: 'pnpm bench --quick',
  startedAt: '2026-11-25T00:00:00.000Z',
  finishedAt: '2026-11-25T00:01:00.000Z',
  environment: {
    node: 'v20.20.0',
    platform: 'linux x64',
    cpuModel: 'Test CPU',
    cpuCount: 2,
    totalMemoryMiB: 4096,
    loadAverage: [1.5, 2.25],
  },
  timing: { rounds: 3, warmupMs: 300, durationMs: 1000 },
  targets: [
    { name: 'yrpc', description: 'yrpc echo', status: 'measured' },
    { name: 'net', description: 'net echo', status: 'skipped', note: 'skipped: not there yet' },
    { name: 'raw', description: 'raw echo', status: 'measured' },
    { name: 'grpc-js', description: 'grpc-js echo', status: 'measured' },
  ],
  configurations: [
    assembleConfiguration(
      fastEcho,
      new Map([
        [
          'yrpc',
          [
            sampleRound(0, 400_000, 300),
            sampleRound(1, 380_000, 320),
            sampleRound(2, 420_000, 310),
          ],
        ],
        [
          'raw',
          [
            sampleRound(0, 700_000, 200),
            sampleRound(1, 600_000, 210),
            sampleRound(2, 760_000, 190),
          ],
        ],
        [
          'grpc-js',
          [
            sampleRound(0, 5_000, 20_000),
            sampleRound(1, 4_000, 22_000),
            sampleRound(2, 6_000, 21_000),
          ],
        ],
      ]),
      new Map(),
    ),
    assembleConfiguration(
      bigEcho,
      new Map([
        ['raw', [sampleRound(0, 3_000, 40_000)]],
        ['grpc-js', []],
      ]),
      new Map([['grpc-js', ['round 1: no call completed in the measured window']]]),
    ),
  ],
};
