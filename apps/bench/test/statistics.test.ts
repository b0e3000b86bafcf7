import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import { median, roundRatios, spread } from '../src/stats/statistics.js';

// `+ 0` turns -0 into 0: a sample holding both has a middle value of either sign depending on its
// order (the sort keeps equal values in place), and `toBe` tells -0 from 0.
const finite = fc
  .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
  .map((value) => value + 0);

describe('median', () => {
  it('takes the middle value of an odd sample and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('refuses an empty sample with a typed error', () => {
    expect(() => median([])).toThrow(BenchError);
    try {
      median([]);
    } catch (error) {
      expect((error as BenchError).code).toBe('EMPTY_SAMPLE');
    }
  });

  it('lies between min and max, ignores order, and has as many values on each side', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 30 }), (values) => {
        const middle = median(values);
        expect(middle).toBeGreaterThanOrEqual(Math.min(...values));
        expect(middle).toBeLessThanOrEqual(Math.max(...values));
        expect(median([...values].reverse())).toBe(middle);
        const below = values.filter((value) => value < middle).length;
        const above = values.filter((value) => value > middle).length;
        expect(below).toBeLessThanOrEqual(values.length / 2);
        expect(above).toBeLessThanOrEqual(values.length / 2);
      }),
    );
  });
});

describe('spread', () => {
  it('reports median, range and the range as a percentage of the median', () => {
    expect(spread([90, 100, 110])).toEqual({ median: 100, min: 90, max: 110, spreadPct: 20, n: 3 });
    expect(spread([5]).spreadPct).toBe(0);
    expect(spread([0, 0]).spreadPct).toBe(0);
  });

  it('is never negative and is 0 exactly when all values are equal', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e9, noNaN: true }), { minLength: 1 }),
        (values) => {
          const result = spread(values);
          expect(result.spreadPct).toBeGreaterThanOrEqual(0);
          expect(result.spreadPct === 0).toBe(result.min === result.max);
        },
      ),
    );
  });
});

describe('roundRatios', () => {
  it('pairs rounds by index, not by position, and skips unpaired or zero baselines', () => {
    const target = [
      { round: 0, value: 10 },
      { round: 2, value: 30 },
      { round: 3, value: 40 },
    ];
    const baseline = [
      { round: 2, value: 3 },
      { round: 0, value: 5 },
      { round: 3, value: 0 },
    ];
    expect(roundRatios(target, baseline)).toEqual([2, 10]);
  });

  it('gives the reciprocal ratios when the sides swap', () => {
    const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(positive, positive), { minLength: 1, maxLength: 10 }),
        (pairs) => {
          const left = pairs.map(([value], round) => ({ round, value }));
          const right = pairs.map(([, value], round) => ({ round, value }));
          const forward = roundRatios(left, right);
          const backward = roundRatios(right, left);
          expect(forward).toHaveLength(pairs.length);
          forward.forEach((ratio, index) => {
            expect(ratio * (backward[index] as number)).toBeCloseTo(1, 9);
          });
        },
      ),
    );
  });
});
