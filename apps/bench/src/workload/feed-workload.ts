import { BenchError } from '../bench-error.js';
import { LoopDelayMonitor } from '../process/loop-delay.js';
import { RssSampler, type RssTrace } from '../process/rss-sampler.js';
import type {
  FeedClientFactory,
  FeedConsumer,
  FeedFlowControl,
  FeedSubscription,
} from '../targets/feed-target.js';
import { pacedConsumer } from './paced-consumer.js';

/** What one client process runs against one feed server: one stream. */
export interface FeedWorkloadSpec {
  readonly host: string;
  readonly port: number;
  /** Payload bytes of every message. */
  readonly payloadSize: number;
  /** Messages are received but not counted for this long after the first one. */
  readonly warmupMs: number;
  /** Length of the measured window. */
  readonly durationMs: number;
  /** 0: take every message at once; otherwise the consumer takes one per `paceUs` on average. */
  readonly paceUs: number;
  /** The run fails when no message arrives within this time. */
  readonly stallTimeoutMs: number;
  /** How long the cancelled stream may take to end before the connection is closed anyway. */
  readonly drainTimeoutMs: number;
  readonly flowControl: FeedFlowControl | undefined;
}

/** What one client process measured. */
export interface FeedWorkloadResult {
  /** Messages taken by the consumer inside the measured window. */
  readonly messages: number;
  /** Their payload bytes. */
  readonly bytes: number;
  /** Messages (over the whole stream) whose payload length was not the one asked for. */
  readonly mismatches: number;
  readonly measuredMs: number;
  readonly connectMs: number;
  /** Client process CPU time (user + system) spent inside the measured window, µs. */
  readonly cpuUs: number;
  /** Peak RSS of the client process, KiB. */
  readonly maxRssKiB: number;
  /** The client process's RSS from the moment it opened the stream to the end of the window. */
  readonly rss: RssTrace | undefined;
  /** Messages taken from the start of the stream to the end of the window (warm-up included). */
  readonly takenTotal: number;
  /** The client's longest event-loop delay from opening the stream to the end of the window, ms. */
  readonly eventLoopMaxDelayMs: number | undefined;
  /** Set when the stream did not end within `drainTimeoutMs` of its cancellation. */
  readonly note: string | undefined;
}

/** Hooks the client process uses to tell the parent when the measured window opens and closes. */
export interface FeedWorkloadHooks {
  onMeasureStart?(): void;
  onMeasureEnd?(): void;
}

/** Longest wait for the connection to close. */
const CLOSE_TIMEOUT_MS = 2_000;

/** Resolves with what `event` resolved with, or with `timedOut` after `timeoutMs`. */
async function within<T, const U>(
  event: Promise<T>,
  timeoutMs: number,
  timedOut: U,
): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      event,
      new Promise<U>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Counters the consumer updates. */
class FeedCounters {
  messages = 0;
  bytes = 0;
  mismatches = 0;
  onFirst: (() => void) | undefined;

  constructor(readonly payloadSize: number) {}

  readonly count = (payloadLength: number): void => {
    this.messages++;
    this.bytes += payloadLength;
    if (payloadLength !== this.payloadSize) this.mismatches++;
    if (this.messages === 1) this.onFirst?.();
  };
}

/**
 * Opens one stream and measures what its consumer takes: after the first message, `warmupMs` of
 * warm-up, then a window of `durationMs` (messages, bytes, CPU); then it cancels the stream and
 * closes. The client's RSS is followed from the moment the stream is opened. Throws a
 * `BenchError` when no message comes (`STALLED`) or the stream fails before the window closed.
 */
export async function runFeedWorkload(
  connect: FeedClientFactory,
  spec: FeedWorkloadSpec,
  hooks: FeedWorkloadHooks = {},
  sampler: RssSampler = new RssSampler(),
): Promise<FeedWorkloadResult> {
  const connectStarted = performance.now();
  const connection = await connect({
    host: spec.host,
    port: spec.port,
    flowControl: spec.flowControl,
  });
  const connectMs = performance.now() - connectStarted;
  const counters = new FeedCounters(spec.payloadSize);
  const consume: FeedConsumer =
    spec.paceUs > 0
      ? pacedConsumer(spec.paceUs, counters.count)
      : (length) => {
          counters.count(length);
          return undefined;
        };
  let subscription: FeedSubscription | undefined;
  const loopDelay = new LoopDelayMonitor();
  try {
    const first = new Promise<'first'>((resolve) => {
      counters.onFirst = () => resolve('first');
    });
    sampler.start();
    loopDelay.start();
    subscription = connection.subscribe(spec.payloadSize, consume);
    const ended = subscription.ended.then((error) => ({ error }));
    const started = await within(Promise.race([first, ended]), spec.stallTimeoutMs, 'stalled');
    if (started === 'stalled') {
      throw new BenchError(
        'STALLED',
        `stalled: no message of ${spec.payloadSize} B within ${spec.stallTimeoutMs} ms`,
      );
    }
    const failedEarly = (outcome: { error: Error | undefined }): never => {
      throw new BenchError(
        'STREAM_FAILED',
        `the stream ended before the window closed: ${outcome.error?.message ?? 'no error'}`,
      );
    };
    if (started !== 'first') failedEarly(started);
    if (spec.warmupMs > 0) {
      const warm = await within(ended, spec.warmupMs, 'warm');
      if (warm !== 'warm') failedEarly(warm);
    }
    const messagesBefore = counters.messages;
    const bytesBefore = counters.bytes;
    const cpuBefore = cpuMicros();
    const windowStarted = performance.now();
    hooks.onMeasureStart?.();
    const closed = await within(ended, spec.durationMs, 'closed');
    if (closed !== 'closed') failedEarly(closed);
    const measuredMs = performance.now() - windowStarted;
    const cpuUs = cpuMicros() - cpuBefore;
    const messages = counters.messages - messagesBefore;
    const bytes = counters.bytes - bytesBefore;
    const rss = sampler.trace();
    const takenTotal = counters.messages;
    const eventLoopMaxDelayMs = loopDelay.maxDelayMs();
    hooks.onMeasureEnd?.();
    subscription.cancel();
    const drained = await within(ended, spec.drainTimeoutMs, 'timeout');
    return {
      messages,
      bytes,
      mismatches: counters.mismatches,
      measuredMs,
      connectMs,
      cpuUs,
      maxRssKiB: process.resourceUsage().maxRSS,
      rss,
      takenTotal,
      eventLoopMaxDelayMs,
      note:
        drained === 'timeout'
          ? `the stream had not ended ${spec.drainTimeoutMs} ms after it was cancelled`
          : undefined,
    };
  } finally {
    sampler.stop();
    loopDelay.stop();
    subscription?.cancel();
    await within(connection.close(), CLOSE_TIMEOUT_MS, undefined);
  }
}
