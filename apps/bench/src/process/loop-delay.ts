/** How often the monitor's timer ticks. */
export const LOOP_TICK_MS = 10;

/**
 * Watches how late this process's event loop runs, from `start` on: a timer ticks every 10 ms and
 * the longest gap between two ticks (or between the last tick and the reading), minus the tick
 * interval, is the longest time timers, IPC and socket reads had to wait. A handler that keeps
 * the process busy in JavaScript (promise chains that never yield to I/O) shows up here even
 * when it starts at once (`perf_hooks.monitorEventLoopDelay` records nothing until its timer has
 * run once, so it misses a block that begins with the stream).
 */
export class LoopDelayMonitor {
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #lastTick: number | undefined;
  #maxGap = 0;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Starts watching (first call only). */
  start(): void {
    if (this.#lastTick !== undefined) return;
    this.#lastTick = this.#now();
    this.#timer = setInterval(() => this.tick(), LOOP_TICK_MS);
    this.#timer.unref();
  }

  /** One tick of the timer (tests call it directly). */
  tick(): void {
    const now = this.#now();
    if (this.#lastTick === undefined) return;
    this.#maxGap = Math.max(this.#maxGap, now - this.#lastTick);
    this.#lastTick = now;
  }

  /** The longest delay seen since `start` (the current gap included), ms; `undefined` before. */
  maxDelayMs(): number | undefined {
    if (this.#lastTick === undefined) return undefined;
    const gap = Math.max(this.#maxGap, this.#now() - this.#lastTick);
    return Math.round(Math.max(0, gap - LOOP_TICK_MS) * 10) / 10;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
