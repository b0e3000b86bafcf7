import type { IdClock } from '../src/index.js';

/**
 * A simulated clock for id generator tests: `now()` returns the simulated time; `preciseNow()`
 * advances it by `step` ms first, standing in for the real time that passes while a generator
 * spins waiting for the next millisecond.
 */
export class SimClock implements IdClock {
  constructor(
    public time: number,
    public step = 0.25,
  ) {}

  now(): number {
    return this.time;
  }

  preciseNow(): number {
    this.time += this.step;
    return this.time;
  }
}

/** One step of a simulated run: move the clock (possibly backwards), then make `burst` ids. */
export interface ClockStep {
  readonly jumpMs: number;
  readonly burst: number;
}
