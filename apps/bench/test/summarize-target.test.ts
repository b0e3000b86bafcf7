import { describe, expect, it } from 'vitest';
import { ratiosAgainst, summarizeRounds } from '../src/stats/summarize-target.js';
import { sampleRound } from './sample-results.js';

describe('summarizeRounds', () => {
  it('summarises each figure across rounds and gives nothing for no rounds', () => {
    const summary = summarizeRounds([
      sampleRound(0, 100, 10),
      sampleRound(1, 300, 30),
      sampleRound(2, 200, 20),
    ]);
    expect(summary?.callsPerSecond).toMatchObject({ median: 200, min: 100, max: 300 });
    expect(summary?.p99Us.median).toBe(20);
    expect(summarizeRounds([])).toBeUndefined();
  });
});

describe('ratiosAgainst', () => {
  it('computes throughput and p99 ratios round by round against each baseline', () => {
    const target = [sampleRound(0, 100, 10), sampleRound(1, 100, 10)];
    const grpc = [sampleRound(0, 10, 100), sampleRound(1, 1, 100)];
    const limit = [sampleRound(1, 200, 5), sampleRound(0, 400, 2)];
    const ratios = ratiosAgainst(target, grpc, limit);
    expect(ratios.throughputVsGrpc).toMatchObject({ min: 10, max: 100, median: 55 });
    expect(ratios.throughputVsLimit).toMatchObject({ min: 0.25, max: 0.5 });
    expect(ratios.p99VsLimit).toMatchObject({ min: 2, max: 5 });
  });

  it('leaves out the ratios whose baseline was not measured', () => {
    const ratios = ratiosAgainst([sampleRound(0, 100, 10)], undefined, []);
    expect(ratios).toEqual({});
  });
});
