import type {
  FeedConfiguration,
  StreamingTiming,
  StreamingWindows,
} from '../plan/streaming-scenario.js';
import type { RetainedMemory } from '../process/feed-messages.js';
import type { RssTrace } from '../process/rss-sampler.js';
import type { Spread } from '../stats/statistics.js';
import type { BenchResults, TargetStatus } from './bench-results.js';

/** What one round of one target measured: one stream, client and server side. */
export interface FeedRoundMeasurement {
  readonly round: number;
  /** Messages the client's consumer took in the measured window. */
  readonly messages: number;
  /** Their payload bytes. */
  readonly bytes: number;
  readonly measuredMs: number;
  readonly messagesPerSecond: number;
  /** Payload bytes received per second. */
  readonly bytesPerSecond: number;
  /** Messages whose payload length was not the one asked for (0 for a correct target). */
  readonly mismatches: number;
  /** Client process CPU time per message taken in the window, µs. */
  readonly clientCpuUsPerMessage: number;
  /**
   * Server process CPU time per message taken in the window, µs; absent when the server answered
   * the samples at the window's edges late (see `serverSampleLagMs`), which makes it meaningless.
   */
  readonly serverCpuUsPerMessage?: number;
  /**
   * How late the server answered the CPU sample at the opening or closing of the window (the
   * larger), ms: its event loop was busy.
   */
  readonly serverSampleLagMs: number;
  /** Messages the server had produced when sampled after the window. */
  readonly produced: number;
  /** Messages the consumer had taken from the start of the stream to the end of the window. */
  readonly takenTotal: number;
  /**
   * `(produced − takenTotal) × payload size`: bytes produced but not yet taken by the consumer
   * (in buffers and on the wire). With a slow consumer this is what flow control bounds; in the
   * throughput rounds it also counts what the server produced before it answered the sample.
   */
  readonly backlogBytes: number;
  /** The server's longest event-loop delay from the start of the stream to the sample, ms. */
  readonly serverEventLoopMaxDelayMs: number | undefined;
  /** The client's longest event-loop delay from opening the stream to the end of the window, ms. */
  readonly clientEventLoopMaxDelayMs: number | undefined;
  /** The server's (producer's) RSS from the start of the stream to the end of the window. */
  readonly serverRss: RssTrace | undefined;
  /** The client's (consumer's) RSS from opening the stream to the end of the window. */
  readonly clientRss: RssTrace | undefined;
  /**
   * The server's memory (RSS, JS heap, ArrayBuffers) when the stream started and after a full
   * garbage collection once the window closed: what it still holds, as opposed to garbage.
   */
  readonly serverRetained?: RetainedMemory;
  readonly serverMaxRssKiB: number;
  readonly clientMaxRssKiB: number;
  readonly connectMs: number;
  /** The slow consumer's time per message, µs; 0 when it took messages as fast as they came. */
  readonly paceUs: number;
  /** Something to know about the round (a stream that did not end after its cancellation). */
  readonly note?: string;
}

/** Median and spread of each figure across the rounds of one target. */
export interface FeedSummary {
  readonly messagesPerSecond: Spread;
  readonly bytesPerSecond: Spread;
  readonly clientCpuUsPerMessage: Spread;
  /** Absent when no round has a server CPU figure. */
  readonly serverCpuUsPerMessage?: Spread;
  readonly backlogBytes: Spread;
  readonly serverEventLoopMaxDelayMs?: Spread;
  readonly clientEventLoopMaxDelayMs?: Spread;
  /** Absent when no round has a server RSS trace. */
  readonly serverRssGrowthKiB?: Spread;
  /**
   * ArrayBuffer bytes the server held after a full collection at the end, minus those at the start
   * of the stream, KiB; absent when no round has them.
   */
  readonly serverHeldAfterGcKiB?: Spread;
  readonly clientRssGrowthKiB?: Spread;
}

/** Ratios of a target's MB/s (equal payloads: also messages/s) to a baseline's, round by round. */
export interface FeedRatios {
  /** ÷ the raw node:net stream (the limit). */
  readonly vsLimit?: Spread;
  /** ÷ grpc-js. */
  readonly vsGrpc?: Spread;
}

/** Every round of one target in one configuration. */
export interface FeedTargetResult {
  readonly target: string;
  readonly rounds: readonly FeedRoundMeasurement[];
  /** Messages of rounds that failed (the round is then missing from `rounds`). */
  readonly failures: readonly string[];
  /** Absent when no round succeeded. */
  readonly summary?: FeedSummary;
  readonly ratios: FeedRatios;
}

/** One throughput configuration and the results of each target. */
export interface FeedConfigurationResult {
  readonly configuration: FeedConfiguration;
  readonly targets: readonly FeedTargetResult[];
}

/** The slow consumer of one target. */
export interface SlowConsumerTargetResult extends FeedTargetResult {
  /** How long each of its rounds lasted, ms (see `slowConsumerRoundMs`). */
  readonly roundMs: number;
  /** The producer's rate it was paced against (the throughput median), messages/s. */
  readonly producerMessagesPerSecond: number | undefined;
  /** The consumer's time per message, µs. */
  readonly paceUs: number;
}

/** The slow-consumer part of the run. */
export interface SlowConsumerResult {
  readonly payloadSize: number;
  readonly slowdown: number;
  readonly targets: readonly SlowConsumerTargetResult[];
}

/** One goal of the scenario, checked on yrpc. */
export interface StreamingGoalCheck {
  readonly key: string;
  readonly title: string;
  readonly threshold: number;
  /** The figure compared with the threshold: a ratio, or growth ÷ stream window. */
  readonly value?: Spread;
  /** `met` when the median (for `slow-rss`: the worst round) reaches the threshold. */
  readonly status: 'met' | 'not met' | 'not measured';
}

/** A `--scenario streaming` run as written to results.json. */
export interface StreamingResults {
  readonly schemaVersion: 1;
  readonly mode: 'streaming';
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: BenchResults['environment'];
  readonly timing: StreamingTiming;
  /** yrpc's windows (server and client) in each part of the run. */
  readonly windows: StreamingWindows;
  readonly targets: readonly TargetStatus[];
  readonly throughput: readonly FeedConfigurationResult[];
  readonly slowConsumer: SlowConsumerResult;
  readonly goals: readonly StreamingGoalCheck[];
}
