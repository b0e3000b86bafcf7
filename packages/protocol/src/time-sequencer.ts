import type { IdClock } from './id-clock.js';
import { IdError } from './id-error.js';

const SPIN_LIMIT = 10_000_000;

/**
 * The core of every time-based id generator here: a strictly increasing pair (`tick`, `seq`),
 * where `tick` is milliseconds since an epoch and `seq` counts ids within that millisecond.
 * It never issues a pair twice, whatever the clock does:
 *
 * - clock ahead of the last tick: take the new tick, sequence 0;
 * - clock at or behind it (same millisecond, cached time, or the clock stepped back): count on
 *   in the last tick;
 * - sequence exhausted: read the clock fresh; if it has not moved past the last tick, borrow the
 *   next tick. Borrowing may run at most `maxLead` ticks ahead of the highest clock reading seen;
 *   beyond that it waits (spins) for the clock's next millisecond. After a backward step of the
 *   clock it borrows without waiting (it never waits for the clock to catch up a jump).
 * - restart: a new sequencer starts at `now + maxLead + 1`, after waiting for the clock to enter
 *   a new millisecond (at most 1 ms), so it is past every tick an earlier instance could have
 *   issued — provided the clock did not step back across the restart.
 */
export class TimeSequencer {
  /** The tick of the last id (ms since the epoch). */
  tick: number;
  /** The sequence number of the last id within its tick. */
  seq: number;
  private maxSeen: number;

  constructor(
    private readonly clock: IdClock,
    private readonly epoch: number,
    private readonly maxSeq: number,
    private readonly maxLead: number,
  ) {
    const start = this.readPrecise();
    this.maxSeen = this.waitPast(start);
    this.tick = start + maxLead + 1;
    this.seq = -1;
  }

  /** Advances to the next unused (`tick`, `seq`) pair. */
  next(): void {
    const now = Math.floor(this.clock.now() - this.epoch);
    if (now > this.tick) {
      this.tick = now;
      this.seq = 0;
      if (now > this.maxSeen) this.maxSeen = now;
    } else if (this.seq < this.maxSeq) {
      this.seq++;
    } else {
      this.overflow();
    }
  }

  private overflow(): void {
    const now = this.readPrecise();
    if (now > this.maxSeen) this.maxSeen = now;
    this.seq = 0;
    if (now > this.tick) {
      this.tick = now;
    } else if (this.tick + 1 - this.maxSeen <= this.maxLead || now < this.maxSeen) {
      this.tick++;
    } else {
      this.maxSeen = this.waitPast(this.maxSeen);
      this.tick = Math.max(this.tick + 1, this.maxSeen);
    }
  }

  private readPrecise(): number {
    return Math.floor(this.clock.preciseNow() - this.epoch);
  }

  /**
   * Spins until the clock reads a tick past `tick` and returns that reading; returns `tick` at
   * once if the clock steps back meanwhile (waiting for it to catch up could take forever).
   */
  private waitPast(tick: number): number {
    for (let i = 0; i < SPIN_LIMIT; i++) {
      const now = this.readPrecise();
      if (now > tick) return now;
      if (now < tick) return tick;
    }
    throw new IdError(
      'clock-stalled',
      `the clock did not advance past ${tick + this.epoch} ms after ${SPIN_LIMIT} reads`,
    );
  }
}
