import { describe, expect, it } from 'vitest';
import { FLOW_SCENARIO } from '../src/plan/bench-scenario.js';
import { computeScenarioFigures } from '../src/stats/scenario-figures.js';
import { FLOW_RESULTS, flowResults, flowRounds as rounds, sampleRound } from './sample-results.js';

describe('computeScenarioFigures', () => {
  const scenario = computeScenarioFigures(FLOW_RESULTS, FLOW_SCENARIO);
  const figure = (key: string, target: string) =>
    scenario.figures.find((entry) => entry.key === key && entry.target === target);

  it('gives one figure per key and measured target, against raw', () => {
    expect(scenario).toMatchObject({ name: 'flow', baseline: 'raw' });
    expect(scenario.figures.map((entry) => `${entry.key}:${entry.target}`)).toEqual([
      'a:yrpc',
      'a:net',
      'a:raw',
      'b:yrpc',
      'b:net',
      'b:raw',
      'c:yrpc',
      'c:net',
      'c:raw',
      'd:yrpc',
      'd:net',
      'd:raw',
    ]);
  });

  it('pairs rounds: calls/s for (a) and (d), MB/s for (b)', () => {
    expect(figure('a', 'yrpc')?.ratio).toMatchObject({ median: 0.5, min: 0.5, max: 0.5, n: 3 });
    expect(figure('a', 'yrpc')?.value?.median).toBe(10_000);
    expect(figure('a', 'yrpc')?.baselineValue?.median).toBe(20_000);
    // 300/1000, 200/400, 300/600 → 0.3, 0.5, 0.5.
    expect(figure('b', 'yrpc')?.ratio).toMatchObject({ median: 0.5, min: 0.3, max: 0.5 });
    expect(figure('b', 'yrpc')?.value?.median).toBe(300 * 16);
    expect(figure('d', 'yrpc')?.ratio).toMatchObject({ median: 0.55, min: 0.5, max: 0.6 });
    expect(figure('d', 'net')?.ratio?.median).toBe(1);
  });

  it('reads (c) as the median time per call: above 1× is slower', () => {
    // p50 = p99 / 4: 300 ms, 400 ms, 300 ms against 100 ms each.
    expect(figure('c', 'yrpc')?.value?.median).toBe(300_000);
    expect(figure('c', 'yrpc')?.ratio).toMatchObject({ median: 3, min: 3, max: 4 });
  });

  it('marks a target without a completed round as failed, with its reason', () => {
    expect(figure('c', 'net')).toMatchObject({ status: 'failed' });
    expect(figure('c', 'net')?.note).toContain('stalled');
    expect(figure('c', 'net')?.ratio).toBeUndefined();
    expect(figure('a', 'net')).toMatchObject({ status: 'measured' });
    expect(figure('a', 'net')?.note).toBeUndefined();
  });

  it('gives the baseline its value and no ratio', () => {
    expect(figure('a', 'raw')).toMatchObject({ status: 'measured' });
    expect(figure('a', 'raw')?.ratio).toBeUndefined();
    expect(figure('a', 'raw')?.value?.median).toBe(20_000);
  });

  it('notes rounds that left calls unanswered after the window', () => {
    const stuck = computeScenarioFigures(
      flowResults([
        [
          [
            'yrpc',
            [
              { ...sampleRound(0, 1, 1), unfinishedCalls: 2 },
              { ...sampleRound(1, 1, 1), unfinishedCalls: 0 },
            ],
          ],
          ['raw', rounds([2, 1], [2, 1])],
        ],
      ]),
      FLOW_SCENARIO,
    ).figures.find((entry) => entry.key === 'a' && entry.target === 'yrpc');
    expect(stuck?.note).toBe('1 of 2 rounds left calls unanswered after the window (at most 2)');
    expect(stuck?.ratio?.median).toBe(0.5);
  });

  it('says so when the baseline failed or was not run', () => {
    const noRaw = flowResults([[['yrpc', rounds([1, 1])]]]);
    const withoutRaw = computeScenarioFigures(
      { ...noRaw, targets: noRaw.targets.filter((target) => target.name !== 'raw') },
      FLOW_SCENARIO,
    );
    const a = withoutRaw.figures.find((entry) => entry.key === 'a' && entry.target === 'yrpc');
    expect(a).toMatchObject({ status: 'measured', note: 'raw was not run' });
    const failedRaw = computeScenarioFigures(
      flowResults(
        [
          [
            ['yrpc', rounds([1, 1])],
            ['raw', []],
          ],
        ],
        [[0, 'raw', ['round 1: boom']]],
      ),
      FLOW_SCENARIO,
    );
    expect(
      failedRaw.figures.find((entry) => entry.key === 'a' && entry.target === 'yrpc')?.note,
    ).toBe('raw failed: round 1: boom');
  });
});
