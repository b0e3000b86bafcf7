import type { Alarm, Clock } from './clock.js';
import { PollerError } from './poller-error.js';

// A callback that keeps adding zero-delay timers would make advance() spin forever.
const MAX_WAKES_PER_ADVANCE = 100_000;

class ManualAlarm implements Alarm {
  at = Number.POSITIVE_INFINITY;
  readonly wake: () => void;
  private readonly clock: ManualClock;

  constructor(clock: ManualClock, wake: () => void) {
    this.clock = clock;
    this.wake = wake;
  }

  set(at: number): void {
    this.at = at;
    this.clock.arm(this);
  }

  clear(): void {
    this.at = Number.POSITIVE_INFINITY;
  }

  ref(): void {}

  unref(): void {}
}

/**
 * A clock that only moves when told to, for deterministic tests of anything built on timers.
 * `advance(ms)` walks time forward alarm by alarm, so timers fire in deadline order and each
 * callback sees `now()` equal to its own deadline; timers added by callbacks fire in the same
 * `advance` when they fall inside it.
 */
export class ManualClock implements Clock {
  private time: number;
  private readonly alarms = new Set<ManualAlarm>();

  /** Starts the clock at `startMs` (default 0). */
  constructor(startMs = 0) {
    this.time = startMs;
  }

  /** The current manual time in milliseconds. */
  now(): number {
    return this.time;
  }

  /** Creates an alarm on this clock (used by timer queues). */
  createAlarm(wake: () => void): Alarm {
    return new ManualAlarm(this, wake);
  }

  /** @internal Registers an armed alarm. */
  arm(alarm: ManualAlarm): void {
    this.alarms.add(alarm);
  }

  /** The earliest armed alarm time, or `Infinity` when nothing is armed. */
  nextAlarm(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const alarm of this.alarms) if (alarm.at < earliest) earliest = alarm.at;
    return earliest;
  }

  /**
   * Moves time forward by `ms`, going off alarm by alarm in time order; ends at `now() + ms`.
   * Throws `INVALID_ARGUMENT` for a negative or non-finite `ms`.
   */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new PollerError('invalid-argument', `advance(ms) needs a finite ms >= 0, got ${ms}`);
    }
    const target = this.time + ms;
    for (let wakes = 0; ; wakes++) {
      let next: ManualAlarm | undefined;
      for (const alarm of this.alarms) {
        if (alarm.at <= target && (next === undefined || alarm.at < next.at)) next = alarm;
      }
      if (next === undefined) break;
      if (wakes >= MAX_WAKES_PER_ADVANCE) {
        throw new PollerError(
          'invalid-argument',
          `advance(${ms}) went off ${MAX_WAKES_PER_ADVANCE} alarms; a timer callback keeps re-arming at the current time`,
        );
      }
      if (next.at > this.time) this.time = next.at;
      next.at = Number.POSITIVE_INFINITY;
      this.alarms.delete(next);
      next.wake();
    }
    this.time = target;
  }

  /** Advances to the earliest armed alarm (if any) and goes off; returns whether one went off. */
  tick(): boolean {
    const next = this.nextAlarm();
    if (next === Number.POSITIVE_INFINITY) return false;
    this.advance(Math.max(0, next - this.time));
    return true;
  }
}
