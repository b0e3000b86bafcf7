import type { BenchConfiguration } from '../plan/bench-configuration.js';
import type { BenchMode, RoundTiming } from '../plan/bench-plan.js';
import type { Spread } from '../stats/statistics.js';

/** What one round of one target in one configuration measured (client and server side). */
export interface RoundMeasurement {
  readonly round: number;
  readonly calls: number;
  readonly errors: number;
  readonly mismatches: number;
  readonly measuredMs: number;
  readonly callsPerSecond: number;
  /** Payload bytes echoed per second, one direction. */
  readonly bytesPerSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
  /** Client process CPU time per completed call, µs. */
  readonly clientCpuUsPerCall: number;
  /** Server process CPU time per completed call, µs. */
  readonly serverCpuUsPerCall: number;
  readonly clientMaxRssKiB: number;
  readonly serverMaxRssKiB: number;
  readonly connectMs: number;
  /**
   * How long the warm-up lasted (the given minimum, the first calls, and until the rate was
   * steady); absent in results written before it was recorded.
   */
  readonly warmupMs?: number;
  /**
   * Calls still unanswered when the drain after the window timed out (replies that never came);
   * absent in results written before it was recorded.
   */
  readonly unfinishedCalls?: number;
}

/** Ratios of a target to a baseline, computed round by round, then summarised. */
export interface TargetRatios {
  /** calls/s ÷ grpc-js calls/s. */
  readonly throughputVsGrpc?: Spread;
  /** calls/s ÷ raw limit calls/s (equal to the MB/s ratio: same payloads). */
  readonly throughputVsLimit?: Spread;
  /** p99 latency ÷ raw limit p99 latency (lower is better). */
  readonly p99VsLimit?: Spread;
}

/** Median and spread of each figure across the rounds of one target. */
export interface TargetSummary {
  readonly callsPerSecond: Spread;
  readonly bytesPerSecond: Spread;
  readonly p50Us: Spread;
  readonly p99Us: Spread;
  readonly p999Us: Spread;
  readonly clientCpuUsPerCall: Spread;
  readonly serverCpuUsPerCall: Spread;
  readonly clientMaxRssKiB: Spread;
  readonly serverMaxRssKiB: Spread;
}

/** Every round of one target in one configuration, with its summary and ratios. */
export interface TargetResult {
  readonly target: string;
  readonly rounds: readonly RoundMeasurement[];
  /** Messages of rounds that failed (the round is then missing from `rounds`). */
  readonly failures: readonly string[];
  /** Absent when no round succeeded. */
  readonly summary?: TargetSummary;
  readonly ratios: TargetRatios;
}

/** One configuration and the results of each target. */
export interface ConfigurationResult {
  readonly configuration: BenchConfiguration;
  readonly targets: readonly TargetResult[];
}

/** Status of each target asked for. */
export interface TargetStatus {
  readonly name: string;
  readonly description: string;
  readonly status: 'measured' | 'skipped';
  readonly note?: string;
}

/** The whole run as written to results.json. */
export interface BenchResults {
  readonly schemaVersion: 1;
  readonly mode: BenchMode;
  /** The command that reproduces the run. */
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpuModel: string;
    readonly cpuCount: number;
    readonly totalMemoryMiB: number;
    /** 1-minute load average when the run started and ended: how busy the shared machine was. */
    readonly loadAverage: readonly [start: number, end: number];
    /** `os.loadavg()` (1, 5 and 15 minutes) when the run started and when it ended. */
    readonly loadAverages?: {
      readonly start: readonly number[];
      readonly end: readonly number[];
    };
    /**
     * Node/V8 flags every measured process was started with (`--node-flags`); absent when none
     * were given, and in results written before they were recorded.
     */
    readonly nodeFlags?: readonly string[];
  };
  readonly timing: RoundTiming;
  readonly targets: readonly TargetStatus[];
  readonly configurations: readonly ConfigurationResult[];
  /** The figures of a scenario run (`--scenario`); absent in the other modes. */
  readonly scenario?: ScenarioResult;
}

/** One figure of a scenario for one target: its value, the baseline's, and their ratio. */
export interface ScenarioFigure {
  /** The figure's key in its scenario, e.g. `a`. */
  readonly key: string;
  readonly title: string;
  /** Id of the configuration it is read from, e.g. `c16-p4096-n1`. */
  readonly configurationId: string;
  /** Which per-round value: `callsPerSecond`, `bytesPerSecond` or `p50Us` (a time). */
  readonly metric: string;
  readonly target: string;
  readonly baseline: string;
  /**
   * `measured` (value and, when the baseline was measured too, ratio), `failed` (no round of
   * the target completed; see `note`) or `not run` (the target was not part of the run).
   */
  readonly status: 'measured' | 'failed' | 'not run';
  /** The metric across the target's rounds. */
  readonly value?: Spread;
  /** The metric across the baseline's rounds. */
  readonly baselineValue?: Spread;
  /** target ÷ baseline, round by round (round i ÷ round i of the baseline), then summarised. */
  readonly ratio?: Spread;
  /** Why there is no value or no ratio (the first failure message). */
  readonly note?: string;
}

/** What a scenario run adds to results.json: its name and its figures. */
export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly baseline: string;
  readonly figures: readonly ScenarioFigure[];
}
