/** A process's resident set size over one stream: at its start, at its peak, and the growth. */
export interface RssTrace {
  /** RSS when the stream started, KiB. */
  readonly atStartKiB: number;
  /** Highest RSS seen since then, KiB. */
  readonly peakKiB: number;
  /** `peakKiB − atStartKiB`. */
  readonly growthKiB: number;
  /** How many times RSS was read since the start. */
  readonly samples: number;
}

/** Where a sampler reads memory from; tests replace it. */
export interface MemoryProbe {
  /** Current RSS, bytes. */
  rssBytes(): number;
  /** Peak RSS of the process so far (`getrusage` maxRSS), KiB. */
  maxRssKiB(): number;
}

const PROCESS_PROBE: MemoryProbe = {
  rssBytes: () => process.memoryUsage.rss(),
  maxRssKiB: () => process.resourceUsage().maxRSS,
};

/** How often the sampler reads RSS while it runs. */
export const RSS_SAMPLE_INTERVAL_MS = 10;

/**
 * Follows a process's RSS from a starting point: `start` takes the baseline, a timer (unref'd)
 * reads RSS every few milliseconds, and `trace` reports the peak since the baseline. A peak that
 * fell between two samples is still caught when it set a new process-wide maximum: if maxRSS rose
 * since the start, the peak since the start is that maximum.
 */
export class RssSampler {
  readonly #probe: MemoryProbe;
  readonly #intervalMs: number;
  #atStartKiB: number | undefined;
  #maxRssAtStartKiB = 0;
  #peakKiB = 0;
  #samples = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(probe: MemoryProbe = PROCESS_PROBE, intervalMs = RSS_SAMPLE_INTERVAL_MS) {
    this.#probe = probe;
    this.#intervalMs = intervalMs;
  }

  /** Whether `start` was called. */
  get started(): boolean {
    return this.#atStartKiB !== undefined;
  }

  /** Takes the baseline (first call only) and starts sampling. */
  start(): void {
    if (this.#atStartKiB !== undefined) return;
    this.#maxRssAtStartKiB = this.#probe.maxRssKiB();
    this.#atStartKiB = this.#probe.rssBytes() / 1024;
    this.#peakKiB = this.#atStartKiB;
    this.#samples = 1;
    if (this.#intervalMs > 0) {
      this.#timer = setInterval(() => this.sample(), this.#intervalMs);
      this.#timer.unref();
    }
  }

  /** Reads RSS once (the timer does this; callers may too). */
  sample(): void {
    if (this.#atStartKiB === undefined) return;
    this.#peakKiB = Math.max(this.#peakKiB, this.#probe.rssBytes() / 1024);
    this.#samples++;
  }

  /** The trace since `start`, after one more sample; `undefined` before `start`. */
  trace(): RssTrace | undefined {
    const atStartKiB = this.#atStartKiB;
    if (atStartKiB === undefined) return undefined;
    this.sample();
    const maxRss = this.#probe.maxRssKiB();
    const peakKiB =
      maxRss > this.#maxRssAtStartKiB ? Math.max(this.#peakKiB, maxRss) : this.#peakKiB;
    return {
      atStartKiB: Math.round(atStartKiB),
      peakKiB: Math.round(peakKiB),
      growthKiB: Math.round(peakKiB - atStartKiB),
      samples: this.#samples,
    };
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
