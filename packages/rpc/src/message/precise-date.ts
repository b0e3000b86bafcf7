const NANOS_PER_MILLISECOND = 1_000_000;

/**
 * A `Date` that keeps the nanoseconds of a `google.protobuf.Timestamp`: a `Date` holds whole
 * milliseconds, a Timestamp nanoseconds. Received Timestamps are `PreciseDate`s, so that one sent
 * back is the same Timestamp; anything that takes a `Date` takes one.
 */
export class PreciseDate extends Date {
  /** The nanoseconds past the `Date`'s millisecond, 0 to 999,999. */
  readonly submillisecondNanos: number;

  /**
   * The instant `milliseconds` after the epoch plus `submillisecondNanos` (an integer from 0 to
   * 999,999).
   */
  constructor(milliseconds: number, submillisecondNanos = 0) {
    super(milliseconds);
    if (
      !Number.isInteger(submillisecondNanos) ||
      submillisecondNanos < 0 ||
      submillisecondNanos >= NANOS_PER_MILLISECOND
    ) {
      throw new RangeError(
        `submillisecondNanos must be an integer from 0 to 999999, got ${submillisecondNanos}`,
      );
    }
    this.submillisecondNanos = submillisecondNanos;
  }

  /** The instant `seconds` and `nanos` after the epoch, as a Timestamp holds it. */
  static fromTimestamp(seconds: number, nanos: number): PreciseDate {
    const millisOfNanos = Math.floor(nanos / NANOS_PER_MILLISECOND);
    return new PreciseDate(
      seconds * 1000 + millisOfNanos,
      nanos - millisOfNanos * NANOS_PER_MILLISECOND,
    );
  }

  /** The Timestamp of `date`: whole seconds since the epoch (rounded down) and nanoseconds. */
  static toTimestamp(date: Date): { seconds: number; nanos: number } {
    const milliseconds = date.getTime();
    const seconds = Math.floor(milliseconds / 1000);
    const extra = date instanceof PreciseDate ? date.submillisecondNanos : 0;
    return { seconds, nanos: (milliseconds - seconds * 1000) * NANOS_PER_MILLISECOND + extra };
  }
}
