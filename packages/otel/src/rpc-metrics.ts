import type { Attributes, Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import type { CallEnd } from '@yrpc/rpc';

/** Which side of a call an instrument set measures: the prefix of its names. */
export type RpcSide = 'server' | 'client';

/**
 * Bucket boundaries of the duration histograms, in milliseconds: from 50 µs (a loopback call) to
 * 10 s. The SDK's default ones start at 5 ms, where every local call would share one bucket.
 */
export const DURATION_BUCKETS_MS = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

/** Bucket boundaries of the size histograms, in bytes (powers of 4 from 16 B to 64 MiB). */
export const SIZE_BUCKETS_BYTES = [
  0, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** Bucket boundaries of the messages-per-call histograms. */
const COUNT_BUCKETS = [1, 2, 4, 8, 16, 64, 256, 1024, 4096, 16384, 65536];

/**
 * The RPC metrics of one side (`rpc.server.*` or `rpc.client.*`): the semantic conventions'
 * `duration` (ms), `request.size` and `response.size` (bytes), `requests_per_rpc` and
 * `responses_per_rpc`, and three of this package: `calls.started`, `calls.finished` (by status)
 * and `calls.active` (in flight).
 */
export class RpcMetrics {
  readonly #duration: Histogram;
  readonly #requestSize: Histogram;
  readonly #responseSize: Histogram;
  readonly #requestsPerRpc: Histogram;
  readonly #responsesPerRpc: Histogram;
  readonly #started: Counter;
  readonly #finished: Counter;
  readonly #active: UpDownCounter;

  constructor(meter: Meter, side: RpcSide) {
    const name = (suffix: string) => `rpc.${side}.${suffix}`;
    const who = side === 'server' ? 'served' : 'made';
    const histogram = (suffix: string, description: string, unit: string, buckets: number[]) =>
      meter.createHistogram(name(suffix), {
        description,
        unit,
        advice: { explicitBucketBoundaries: buckets },
      });
    const all = '(all of a stream)';
    this.#duration = histogram(
      'duration',
      `Duration of calls ${who}, from start to end whatever the outcome`,
      'ms',
      DURATION_BUCKETS_MS,
    );
    this.#requestSize = histogram(
      'request.size',
      `Payload bytes of the request messages of a call ${all}`,
      'By',
      SIZE_BUCKETS_BYTES,
    );
    this.#responseSize = histogram(
      'response.size',
      `Payload bytes of the response messages of a call ${all}`,
      'By',
      SIZE_BUCKETS_BYTES,
    );
    this.#requestsPerRpc = histogram(
      'requests_per_rpc',
      'Request messages per call',
      '{count}',
      COUNT_BUCKETS,
    );
    this.#responsesPerRpc = histogram(
      'responses_per_rpc',
      'Response messages per call',
      '{count}',
      COUNT_BUCKETS,
    );
    this.#started = meter.createCounter(name('calls.started'), {
      description: `Calls ${who} that started`,
      unit: '{call}',
    });
    this.#finished = meter.createCounter(name('calls.finished'), {
      description: `Calls ${who} that ended, by status`,
      unit: '{call}',
    });
    this.#active = meter.createUpDownCounter(name('calls.active'), {
      description: `Calls ${who} in flight`,
      unit: '{call}',
    });
  }

  /** A call started; `attributes` name its method (no status yet). */
  started(attributes: Attributes): void {
    this.#started.add(1, attributes);
    this.#active.add(1, attributes);
  }

  /**
   * A call ended `durationMs` after it started: `attributes` are the ones it started with,
   * `withStatus` the same plus its status.
   */
  finished(attributes: Attributes, withStatus: Attributes, durationMs: number, end: CallEnd): void {
    this.#active.add(-1, attributes);
    this.#finished.add(1, withStatus);
    this.#duration.record(durationMs, withStatus);
    this.#requestSize.record(end.requestBytes, withStatus);
    this.#responseSize.record(end.responseBytes, withStatus);
    this.#requestsPerRpc.record(end.requestMessages, withStatus);
    this.#responsesPerRpc.record(end.responseMessages, withStatus);
  }
}
