import { build, type Histogram } from 'hdr-histogram-js';

/** Latency percentiles in microseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

/** Longest latency the histogram tracks: 60 s, in nanoseconds. */
const HIGHEST_TRACKABLE_NS = 60e9;

/**
 * HDR histogram of call latencies. Values are kept in nanoseconds with 3 significant digits, so
 * percentiles are exact to 0.1 % at any scale.
 */
export class LatencyHistogram {
  readonly #histogram: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_NS,
    numberOfSignificantValueDigits: 3,
  });

  /** Records one latency given in milliseconds (as `performance.now()` differences are). */
  recordMilliseconds(milliseconds: number): void {
    const nanoseconds = Math.round(milliseconds * 1e6);
    this.#histogram.recordValue(Math.min(Math.max(nanoseconds, 1), HIGHEST_TRACKABLE_NS));
  }

  /** Forgets every recorded value (used when warm-up ends). */
  reset(): void {
    this.#histogram.reset();
  }

  /** Percentiles of what was recorded, in microseconds. */
  summary(): LatencySummary {
    const histogram = this.#histogram;
    const toUs = (nanoseconds: number): number => Math.round(nanoseconds) / 1000;
    // A percentile is reported as the top of its bucket, which can overshoot the exact maximum.
    const percentile = (value: number): number =>
      toUs(Math.min(histogram.getValueAtPercentile(value), histogram.maxValue));
    return {
      count: histogram.totalCount,
      p50Us: percentile(50),
      p99Us: percentile(99),
      p999Us: percentile(99.9),
      maxUs: toUs(histogram.maxValue),
      meanUs: toUs(histogram.totalCount === 0 ? 0 : histogram.mean),
    };
  }
}
