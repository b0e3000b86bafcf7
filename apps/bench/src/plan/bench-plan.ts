import { type BenchConfiguration, benchConfiguration } from './bench-configuration.js';

/** Timing of every configuration: warm-up, then `rounds` measured windows of `durationMs`. */
export interface RoundTiming {
  readonly rounds: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /**
   * The measured window stays open past `durationMs` until this many calls have completed in it
   * (for at most `stallTimeoutMs` more), so slow calls (15 MiB) still give a few repetitions.
   * Default 0: the window is exactly `durationMs`.
   */
  readonly minCalls?: number;
  /**
   * How long a round waits for calls that do not come back: for the first calls in warm-up (a
   * round where none completed by then fails as stalled) and to reach `minCalls`. Default 30 s.
   */
  readonly stallTimeoutMs?: number;
  /**
   * How long the calls in flight when the window closes may take to finish before the
   * connections are closed anyway (those left are counted as unfinished). Default 10 s.
   */
  readonly drainTimeoutMs?: number;
}

/** How a run was chosen: a built-in mode, the cross product of lists, or a named scenario. */
export type BenchMode = 'quick' | 'full' | 'custom' | 'flow' | 'streaming' | 'idle-connections';

/** What a run measures. */
export interface BenchPlan {
  readonly mode: BenchMode;
  readonly timing: RoundTiming;
  readonly configurations: readonly BenchConfiguration[];
}

/** Lists that replace the mode's curated configurations with their cross product. */
export interface ConfigurationOverrides {
  readonly concurrency?: readonly number[] | undefined;
  readonly payloads?: readonly number[] | undefined;
  readonly connections?: readonly number[] | undefined;
}

/** Concurrency levels of the full mode, all on one connection. */
export const FULL_CONCURRENCY = [1, 16, 64, 256] as const;
/** Payload sizes of the full mode: 16 B, 4 KiB, 256 KiB. */
export const FULL_PAYLOADS = [16, 4 * 1024, 256 * 1024] as const;
/** Connection counts of the scaling series (one call in flight per connection, 16 B). */
export const SCALING_CONNECTIONS = [1, 100, 1000] as const;

/** Default timing of each mode. The quick mode keeps a run with four targets under 2 minutes. */
export const MODE_TIMING: Readonly<Record<'quick' | 'full', RoundTiming>> = {
  quick: { rounds: 3, warmupMs: 300, durationMs: 1000 },
  full: { rounds: 5, warmupMs: 1000, durationMs: 3000 },
};

function fullConfigurations(): BenchConfiguration[] {
  const configurations: BenchConfiguration[] = [];
  for (const payloadSize of FULL_PAYLOADS) {
    for (const concurrency of FULL_CONCURRENCY) {
      configurations.push(benchConfiguration(1, concurrency, payloadSize));
    }
  }
  for (const connections of SCALING_CONNECTIONS) {
    if (connections > 1) configurations.push(benchConfiguration(connections, 1, 16));
  }
  return configurations;
}

/** The quick subset: the configurations the project's goals are stated on, plus scaling. */
function quickConfigurations(): BenchConfiguration[] {
  return [
    benchConfiguration(1, 1, 16),
    benchConfiguration(1, 64, 16),
    benchConfiguration(1, 64, 256 * 1024),
    benchConfiguration(100, 1, 16),
  ];
}

function crossProduct(
  overrides: ConfigurationOverrides,
  base: readonly BenchConfiguration[],
): BenchConfiguration[] {
  const distinct = (values: readonly number[]) => [...new Set(values)];
  const concurrency = distinct(overrides.concurrency ?? base.map((entry) => entry.concurrency));
  const payloads = distinct(overrides.payloads ?? base.map((entry) => entry.payloadSize));
  const connections = distinct(overrides.connections ?? [1]);
  const configurations: BenchConfiguration[] = [];
  for (const connectionCount of connections) {
    for (const payloadSize of payloads) {
      for (const inFlight of concurrency) {
        configurations.push(benchConfiguration(connectionCount, inFlight, payloadSize));
      }
    }
  }
  return configurations;
}

/**
 * The plan of a run: the mode's configurations (or the cross product of the overrides, when any
 * is given) and its timing with any overrides applied.
 */
export function buildBenchPlan(
  quick: boolean,
  overrides: ConfigurationOverrides,
  timing: Partial<RoundTiming>,
): BenchPlan {
  const base = quick ? quickConfigurations() : fullConfigurations();
  const custom =
    overrides.concurrency !== undefined ||
    overrides.payloads !== undefined ||
    overrides.connections !== undefined;
  const defaults = MODE_TIMING[quick ? 'quick' : 'full'];
  return {
    mode: custom ? 'custom' : quick ? 'quick' : 'full',
    timing: {
      rounds: timing.rounds ?? defaults.rounds,
      warmupMs: timing.warmupMs ?? defaults.warmupMs,
      durationMs: timing.durationMs ?? defaults.durationMs,
    },
    configurations: custom ? crossProduct(overrides, base) : base,
  };
}
