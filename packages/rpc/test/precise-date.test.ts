import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PreciseDate } from '../src/index.js';

describe('PreciseDate', () => {
  it('gives back the Timestamp it was made from', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        (seconds, nanos) => {
          const date = PreciseDate.fromTimestamp(seconds, nanos);
          expect(date).toBeInstanceOf(Date);
          expect(PreciseDate.toTimestamp(date)).toEqual({ seconds, nanos });
        },
      ),
    );
  });

  it('reads a plain Date to the millisecond, also before the epoch', () => {
    expect(PreciseDate.toTimestamp(new Date(-1))).toEqual({ seconds: -1, nanos: 999_000_000 });
    expect(PreciseDate.toTimestamp(new Date(1500))).toEqual({ seconds: 1, nanos: 500_000_000 });
  });

  it('refuses nanoseconds that are not within a millisecond', () => {
    expect(() => new PreciseDate(0, 1_000_000)).toThrow(RangeError);
    expect(() => new PreciseDate(0, -1)).toThrow(RangeError);
    expect(() => new PreciseDate(0, 0.5)).toThrow(RangeError);
  });
});
