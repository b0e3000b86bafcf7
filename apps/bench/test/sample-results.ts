import { benchConfiguration } from '../src/plan/bench-configuration.js';
import { FLOW_SCENARIO } from '../src/plan/bench-scenario.js';
import type { BenchResults, RoundMeasurement } from '../src/results/bench-results.js';
import { assembleConfiguration } from '../src/run/bench-runner.js';
import { TARGET_NAMES } from '../src/targets/target-registry.js';

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

type Rounds = [string, RoundMeasurement[]][];

/**
 * A flow run of yrpc, net and raw: the rounds of each target in each of the scenario's
 * configurations, in figure order; `failures` are [configuration index, target, messages].
 */
export function flowResults(
  perConfiguration: readonly Rounds[],
  failures: readonly [number, string, string[]][] = [],
): BenchResults {
  const configurations = FLOW_SCENARIO.figures.map((figure, index) =>
    assembleConfiguration(
      figure.configuration,
      new Map(perConfiguration[index] ?? []),
      new Map(
        failures
          .filter(([configuration]) => configuration === index)
          .map(([, target, messages]) => [target, messages]),
      ),
    ),
  );
  return {
    ...SAMPLE_RESULTS,
    mode: 'flow',
    command: 'pnpm bench --scenario flow',
    targets: [
      { name: 'yrpc', description: 'yrpc echo', status: 'measured' },
      { name: 'net', description: 'net echo', status: 'measured' },
      { name: 'raw', description: 'raw echo', status: 'measured' },
    ],
    configurations,
  };
}

/** Rounds with these calls/s and p99 (p50 is a quarter of p99, see sampleRound). */
export const flowRounds = (...figures: [number, number][]) =>
  figures.map(([calls, p99], round) => sampleRound(round, calls, p99));

/** yrpc at half of raw's rate (a, b, d) and 3× its time (c); net fails the 15 MiB rounds. */
export const FLOW_RESULTS = flowResults(
  [
    [
      ['yrpc', flowRounds([10_000, 100], [12_000, 100], [9_000, 100])],
      ['net', flowRounds([20_000, 100], [24_000, 100], [18_000, 100])],
      ['raw', flowRounds([20_000, 100], [24_000, 100], [18_000, 100])],
    ],
    [
      ['yrpc', flowRounds([300, 100], [200, 100], [300, 100])],
      ['net', flowRounds([600, 100], [400, 100], [600, 100])],
      ['raw', flowRounds([1_000, 100], [400, 100], [600, 100])],
    ],
    [
      ['yrpc', flowRounds([3, 1_200_000], [2, 1_600_000], [3, 1_200_000])],
      ['net', []],
      ['raw', flowRounds([12, 400_000], [10, 400_000], [12, 400_000])],
    ],
    [
      ['yrpc', flowRounds([50_000, 100], [60_000, 100], [55_000, 100])],
      ['net', flowRounds([100_000, 100], [100_000, 100], [100_000, 100])],
      ['raw', flowRounds([100_000, 100], [100_000, 100], [100_000, 100])],
    ],
  ],
  [[2, 'net', ['round 1: stalled: no reply to any of the 1 calls in flight (15 MiB each)']]],
);

/**
 * An opt-in target in a sample run at 64 in flight · 16 B: its calls/s in rounds 0, 1, 2 (none:
 * every round failed) and, when given, its server's CPU µs per call in those rounds (1.5
 * otherwise, like every sample round).
 */
export interface OptInRounds {
  readonly name: string;
  readonly description: string;
  readonly callsPerSecond: readonly number[];
  readonly serverCpuUsPerCall?: readonly number[];
}

/** `entries` in registry order, the order a run reports its targets in. */
function inRegistryOrder<T>(entries: readonly T[], name: (entry: T) => string): T[] {
  return [...entries].sort((a, b) => TARGET_NAMES.indexOf(name(a)) - TARGET_NAMES.indexOf(name(b)));
}

/**
 * SAMPLE_RESULTS with the opt-in targets `optIn` run at 64 in flight · 16 B next to the others
 * (yrpc's rounds there: 400k, 380k, 420k calls/s; grpc-js's: 5k, 4k, 6k; every server at 1.5 µs
 * of CPU per call), in registry order as a run has them. With `only`, the run of
 * `--targets <only and optIn> --payloads 16 --concurrency 64`: of SAMPLE_RESULTS's targets just
 * these, and just that configuration.
 */
export function withOptInTargets(
  optIn: readonly OptInRounds[],
  only?: readonly string[],
): BenchResults {
  const [fast, ...rest] = SAMPLE_RESULTS.configurations;
  const kept = (name: string) => only === undefined || only.includes(name);
  const entries: [string, RoundMeasurement[]][] = [
    ...(fast?.targets ?? [])
      .filter((result) => kept(result.target))
      .map((result): [string, RoundMeasurement[]] => [result.target, [...result.rounds]]),
    ...optIn.map(({ name, callsPerSecond, serverCpuUsPerCall }): [string, RoundMeasurement[]] => [
      name,
      callsPerSecond.map((calls, round) => ({
        ...sampleRound(round, calls, 330),
        ...(serverCpuUsPerCall?.[round] !== undefined && {
          serverCpuUsPerCall: serverCpuUsPerCall[round],
        }),
      })),
    ]),
  ];
  const failures = optIn
    .filter(({ callsPerSecond }) => callsPerSecond.length === 0)
    .map(({ name }): [string, string[]] => [
      name,
      ['round 1: no call completed in the measured window'],
    ]);
  return {
    ...SAMPLE_RESULTS,
    targets: inRegistryOrder(
      [
        ...SAMPLE_RESULTS.targets.filter((target) => kept(target.name)),
        ...optIn.map(({ name, description }) => ({
          name,
          description,
          status: 'measured' as const,
        })),
      ],
      (target) => target.name,
    ),
    configurations: [
      assembleConfiguration(
        fastEcho,
        new Map(inRegistryOrder(entries, ([name]) => name)),
        new Map(failures),
      ),
      ...(only === undefined ? rest : []),
    ],
  };
}

/**
 * SAMPLE_RESULTS with the opt-in target `name` run next to yrpc at 64 in flight · 16 B (its row
 * right after yrpc's), at these calls/s in rounds 0, 1, 2 (yrpc's rounds there: 400k, 380k,
 * 420k); no rounds: every one failed.
 */
export function withOptInRounds(
  name: string,
  description: string,
  callsPerSecond: readonly number[],
): BenchResults {
  return withOptInTargets([{ name, description, callsPerSecond }]);
}

/** SAMPLE_RESULTS with yrpc-interceptors next to yrpc at 64 in flight · 16 B ({@link withOptInRounds}). */
export function withInterceptorRounds(callsPerSecond: readonly number[]): BenchResults {
  return withOptInRounds('yrpc-interceptors', 'yrpc echo, no-op interceptors', callsPerSecond);
}

/** SAMPLE_RESULTS with yrpc-unconverted next to yrpc at 64 in flight · 16 B ({@link withOptInRounds}). */
export function withUnconvertedRounds(callsPerSecond: readonly number[]): BenchResults {
  return withOptInRounds('yrpc-unconverted', 'yrpc echo, protobufjs Types', callsPerSecond);
}

/** SAMPLE_RESULTS with yrpc-traced next to yrpc at 64 in flight · 16 B ({@link withOptInRounds}). */
export function withTracedRounds(callsPerSecond: readonly number[]): BenchResults {
  return withOptInRounds('yrpc-traced', 'yrpc echo, traced', callsPerSecond);
}

/**
 * The run of `--targets grpc-js,grpc-js-to-yrpc,yrpc-grpc-client --payloads 16 --concurrency 64`
 * (no yrpc) with these rounds of the two gRPC targets (grpc-js's: 5k, 4k, 6k calls/s, its server
 * at 1.5 µs of CPU per call); either empty: all its rounds failed.
 */
export function withGrpcRounds(
  grpcJsToYrpc: {
    readonly callsPerSecond: readonly number[];
    readonly serverCpuUsPerCall?: readonly number[];
  },
  yrpcGrpcClient: readonly number[],
): BenchResults {
  return withOptInTargets(
    [
      { name: 'grpc-js-to-yrpc', description: 'grpc-js client, yrpc server', ...grpcJsToYrpc },
      {
        name: 'yrpc-grpc-client',
        description: 'yrpc client in gRPC mode, grpc-js server',
        callsPerSecond: yrpcGrpcClient,
      },
    ],
    ['grpc-js'],
  );
}

/**
 * {@link withGrpcRounds} with the goals met: the grpc-js client at 2.00× (1.83–2.25) the calls/s
 * and 0.47× (0.40–0.50) the server CPU per call against the yrpc server, the yrpc client in gRPC
 * mode at 3.17× (3.00–3.25) the grpc-js client.
 */
export const GRPC_RESULTS = withGrpcRounds(
  { callsPerSecond: [10_000, 9_000, 11_000], serverCpuUsPerCall: [0.6, 0.75, 0.7] },
  [15_000, 13_000, 19_000],
);

/** SAMPLE_RESULTS with yrpc-detecting next to yrpc at 64 in flight · 16 B ({@link withOptInRounds}). */
export function withDetectingRounds(callsPerSecond: readonly number[]): BenchResults {
  return withOptInRounds('yrpc-detecting', 'yrpc echo, server also serving HTTP', callsPerSecond);
}
