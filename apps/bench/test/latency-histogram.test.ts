import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/workload/latency-histogram.js';

describe('LatencyHistogram', () => {
  it('reports percentiles in µs within the histogram precision', () => {
    const histogram = new LatencyHistogram();
    for (let index = 1; index <= 1000; index++) histogram.recordMilliseconds(index / 1000);
    const summary = histogram.summary();
    expect(summary.count).toBe(1000);
    expect(summary.p50Us).toBeCloseTo(500, -1);
    expect(summary.p99Us).toBeCloseTo(990, -1);
    expect(summary.maxUs).toBeCloseTo(1000, -1);
  });

  it('keeps percentiles ordered and forgets everything on reset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10_000, noNaN: true }), { minLength: 1 }),
        (values) => {
          const histogram = new LatencyHistogram();
          for (const value of values) histogram.recordMilliseconds(value);
          const summary = histogram.summary();
          expect(summary.p50Us).toBeLessThanOrEqual(summary.p99Us);
          expect(summary.p99Us).toBeLessThanOrEqual(summary.p999Us);
          expect(summary.p999Us).toBeLessThanOrEqual(summary.maxUs);
          histogram.reset();
          expect(histogram.summary().count).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });
});
