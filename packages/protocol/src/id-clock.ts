/**
 * The clock id generators read, in milliseconds since the Unix epoch (fractions allowed).
 * Injectable, so that tests can drive time (backwards jumps included).
 */
export interface IdClock {
  /** The current time; may be cached for the current task (see {@link loopClock}). */
  now(): number;
  /** The current time read fresh, used when a generator must know that time really moved. */
  preciseNow(): number;
}

let cached = -1;

function invalidate(): void {
  cached = -1;
}

/**
 * The default clock of the id generators: `Date.now()` read once per task and cached until the
 * current synchronous run (and its microtasks) ends — like libuv's loop time — because reading
 * the system clock costs more than making an id. `preciseNow` always reads it. Generators call
 * `preciseNow` whenever a millisecond's sequence runs out, so the timestamps of a long
 * synchronous burst still follow real time.
 */
export const loopClock: IdClock = {
  now(): number {
    if (cached < 0) {
      cached = Date.now();
      queueMicrotask(invalidate);
    }
    return cached;
  },
  preciseNow(): number {
    const now = Date.now();
    if (cached < 0) queueMicrotask(invalidate);
    cached = now;
    return now;
  },
};

/** A clock that reads `Date.now()` on every call. */
export const systemClock: IdClock = {
  now: Date.now,
  preciseNow: Date.now,
};
