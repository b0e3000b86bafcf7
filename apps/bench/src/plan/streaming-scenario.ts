import type { FeedFlowControl } from '../targets/feed-target.js';
import { GRPC_TARGET, LIMIT_TARGET } from '../targets/target-registry.js';
import { formatSize } from './bench-configuration.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** One server-streaming configuration: the payload size of every message of the stream. */
export interface FeedConfiguration {
  /** Stable key, e.g. `stream-p16`; pairs results across targets. */
  readonly id: string;
  /** Human label, e.g. `server stream · 16 B messages`. */
  readonly label: string;
  readonly payloadSize: number;
}

/** Timing of the streaming scenario. */
export interface StreamingTiming {
  /** Measured rounds per configuration and target, and slow-consumer rounds per target. */
  readonly rounds: number;
  /** Messages received but not counted at the start of a throughput round. */
  readonly warmupMs: number;
  /** Length of a throughput round's measured window. */
  readonly durationMs: number;
  /**
   * Shortest slow-consumer round: the stream runs at least this long from its first message, and
   * longer when the producer needs more time to fill the window twice over (at most
   * `MAX_SLOW_CONSUMER_MS`; see `slowConsumerRoundMs`).
   */
  readonly slowConsumerMs: number;
  /** A round whose stream brings no message within this time fails as stalled. */
  readonly stallTimeoutMs: number;
  /** How long a cancelled stream may take to end before the client closes anyway. */
  readonly drainTimeoutMs: number;
}

/** The slow-consumer part: one stream whose consumer is `slowdown` times slower than its producer. */
export interface SlowConsumerPlan {
  readonly payloadSize: number;
  /** The consumer takes messages at the producer's rate ÷ this. */
  readonly slowdown: number;
  /**
   * The producer's rate is the target's median messages/s in the throughput configuration of
   * the same payload size; without it (that configuration failed) the consumer waits this long
   * per message.
   */
  readonly fallbackPaceUs: number;
}

/** yrpc's windows (server and client alike) in each part of the run. */
export interface StreamingWindows {
  /** The throughput rounds: yrpc's defaults, what an application gets. */
  readonly throughput: FeedFlowControl;
  /** The slow consumer: `--stream-window` and twice it for the connection. */
  readonly slowConsumer: FeedFlowControl;
}

/** What a `--scenario streaming` run measures. */
export interface StreamingPlan {
  readonly mode: 'streaming';
  readonly timing: StreamingTiming;
  readonly windows: StreamingWindows;
  readonly throughput: readonly FeedConfiguration[];
  readonly slowConsumer: SlowConsumerPlan;
}

/** Smallest stream window the scenario accepts (the brief's floor; yrpc's own is 1 MiB). */
export const MIN_STREAM_WINDOW = 16 * MiB;
/** Largest: twice it (the connection window) must stay within the protocol's 2^31 − 1. */
export const MAX_STREAM_WINDOW = 512 * MiB;
/** The slow consumer's stream window unless `--stream-window` says otherwise. */
export const DEFAULT_STREAM_WINDOW = 16 * MiB;

/**
 * yrpc's own default windows (packages/rpc README, "Flow control and limits"), used as they are
 * in the throughput rounds. Not the 16 MiB of the slow consumer: with a stream window equal to the
 * 16 MiB frame limit, PROTOCOL.md section 10 makes the receiver announce released bytes as soon
 * as `window − max payload` (16 B) of them are consumed, i.e. a WINDOW_UPDATE per message.
 */
export const YRPC_DEFAULT_WINDOWS: FeedFlowControl = {
  streamWindow: 32 * MiB,
  connectionWindow: 64 * MiB,
};

/** Longest slow-consumer round, however slow the producer. */
export const MAX_SLOW_CONSUMER_MS = 8_000;

/** The streaming scenario's figures are ratios to this target, and to grpc-js. */
export const STREAMING_BASELINE = LIMIT_TARGET;

/** A goal of the scenario, checked on the `yrpc` target. */
export interface StreamingGoal {
  readonly key: 'small-vs-raw' | 'large-vs-raw' | 'small-vs-grpc' | 'slow-rss';
  readonly title: string;
  /** The ratio (or, for `slow-rss`, the factor of the stream window) to reach. */
  readonly threshold: number;
}

export const STREAMING_SCENARIO = {
  name: 'streaming',
  description:
    'server streaming of 16 B and 64 KiB messages (messages/s, MB/s) and a consumer 10× slower ' +
    "than its producer (the producer's RSS growth against the stream window)",
  defaultTargets: ['yrpc', LIMIT_TARGET, GRPC_TARGET],
  timing: {
    rounds: 3,
    warmupMs: 300,
    durationMs: 1000,
    stallTimeoutMs: 10_000,
    drainTimeoutMs: 2_000,
  },
  /** A slow-consumer round lasts this many throughput windows. */
  slowConsumerWindows: 3,
  payloads: [16, 64 * KiB],
  slowConsumer: { payloadSize: 64 * KiB, slowdown: 10, fallbackPaceUs: 1_000 },
  goals: [
    { key: 'small-vs-raw', title: 'yrpc ÷ raw, 16 B messages, MB/s', threshold: 0.8 },
    { key: 'large-vs-raw', title: 'yrpc ÷ raw, 64 KiB messages, MB/s', threshold: 0.8 },
    { key: 'small-vs-grpc', title: 'yrpc ÷ grpc-js, 16 B messages, messages/s', threshold: 20 },
    {
      key: 'slow-rss',
      title: 'yrpc producer RSS growth with a 10× slower consumer, × stream window',
      threshold: 2,
    },
  ] satisfies readonly StreamingGoal[],
} as const;

/** The throughput configuration of one payload size. */
export function feedConfiguration(payloadSize: number): FeedConfiguration {
  return {
    id: `stream-p${payloadSize}`,
    label: `server stream · ${formatSize(payloadSize)} messages`,
    payloadSize,
  };
}

/** Timing overrides the command line may give. */
export interface StreamingTimingOverrides {
  readonly rounds?: number | undefined;
  readonly warmupMs?: number | undefined;
  readonly durationMs?: number | undefined;
}

/**
 * The plan of a streaming run: both payload sizes, then the slow consumer, with timing overrides
 * applied (a slow-consumer round lasts at least `slowConsumerWindows` measured windows). yrpc runs
 * with its default windows in the throughput rounds, and for the slow consumer with
 * `streamWindow` (default 16 MiB) and a connection window twice as large, as PROTOCOL.md
 * section 10 recommends.
 */
export function buildStreamingPlan(
  timing: StreamingTimingOverrides = {},
  streamWindow: number = DEFAULT_STREAM_WINDOW,
): StreamingPlan {
  const defaults = STREAMING_SCENARIO.timing;
  const durationMs = timing.durationMs ?? defaults.durationMs;
  return {
    mode: 'streaming',
    timing: {
      rounds: timing.rounds ?? defaults.rounds,
      warmupMs: timing.warmupMs ?? defaults.warmupMs,
      durationMs,
      slowConsumerMs: durationMs * STREAMING_SCENARIO.slowConsumerWindows,
      stallTimeoutMs: defaults.stallTimeoutMs,
      drainTimeoutMs: defaults.drainTimeoutMs,
    },
    windows: {
      throughput: YRPC_DEFAULT_WINDOWS,
      slowConsumer: { streamWindow, connectionWindow: 2 * streamWindow },
    },
    throughput: STREAMING_SCENARIO.payloads.map(feedConfiguration),
    slowConsumer: { ...STREAMING_SCENARIO.slowConsumer },
  };
}

/**
 * How long the slow consumer waits per message, µs: `slowdown` times the producer's time per
 * message (`1e6 ÷ messages/s`), or the fallback when the producer's rate is unknown.
 */
export function slowConsumerPaceUs(
  plan: SlowConsumerPlan,
  producerMessagesPerSecond: number | undefined,
): number {
  if (
    producerMessagesPerSecond === undefined ||
    !Number.isFinite(producerMessagesPerSecond) ||
    producerMessagesPerSecond <= 0
  ) {
    return plan.fallbackPaceUs;
  }
  return (plan.slowdown * 1e6) / producerMessagesPerSecond;
}

/**
 * How long a target's slow-consumer round lasts, ms: long enough for its producer, at the rate
 * measured in the throughput rounds (payload bytes/s), to fill the slow consumer's stream window
 * twice over while the consumer takes a tenth (1 ÷ slowdown) of it; at least
 * `timing.slowConsumerMs`, at most `MAX_SLOW_CONSUMER_MS`. Without a rate, the minimum.
 */
export function slowConsumerRoundMs(
  plan: StreamingPlan,
  producerBytesPerSecond: number | undefined,
): number {
  const minimum = plan.timing.slowConsumerMs;
  if (
    producerBytesPerSecond === undefined ||
    !Number.isFinite(producerBytesPerSecond) ||
    producerBytesPerSecond <= 0
  ) {
    return minimum;
  }
  const fillRate = producerBytesPerSecond * (1 - 1 / plan.slowConsumer.slowdown);
  const fillMs = (plan.windows.slowConsumer.streamWindow / fillRate) * 1000;
  return Math.round(Math.max(minimum, Math.min(2 * fillMs, MAX_SLOW_CONSUMER_MS)));
}

/** Rounds a run of `targets` targets has: each starts a server and a client process. */
export function streamingRoundCount(plan: StreamingPlan, targets: number): number {
  return (plan.throughput.length + 1) * plan.timing.rounds * targets;
}

/**
 * A rough length of the run, seconds, when starting and stopping a round's two processes takes
 * `overheadSeconds` and a slow-consumer round lasts `slowConsumerMs` (by default the shortest):
 * the measured time of every round plus that overhead.
 */
export function estimateStreamingSeconds(
  plan: StreamingPlan,
  targets: number,
  overheadSeconds: number,
  slowConsumerMs: number = plan.timing.slowConsumerMs,
): number {
  const { rounds, warmupMs, durationMs } = plan.timing;
  const throughputRounds = plan.throughput.length * rounds * targets;
  const slowRounds = rounds * targets;
  return (
    throughputRounds * ((warmupMs + durationMs) / 1000 + overheadSeconds) +
    slowRounds * (slowConsumerMs / 1000 + overheadSeconds)
  );
}
