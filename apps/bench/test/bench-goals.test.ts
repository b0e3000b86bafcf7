import { describe, expect, it } from 'vitest';
import { checkGoals } from '../src/report/bench-goals.js';
import { SAMPLE_RESULTS } from './sample-results.js';

describe('checkGoals', () => {
  it('marks each goal met, missed or not measured from the median round ratio', () => {
    const goals = checkGoals(SAMPLE_RESULTS, 'yrpc');
    expect(goals.map((goal) => goal.status)).toEqual(['met', 'met', 'not measured', 'met']);
    // p99 ratios 300/200, 320/210, 310/190 → 1.50, 1.52, 1.63.
    expect(goals[3]?.figure).toBe('1.52× (1.50–1.63)');
  });

  it('marks a goal missed when the ratio falls short', () => {
    const goals = checkGoals(SAMPLE_RESULTS, 'grpc-js');
    expect(goals[1]).toMatchObject({ status: 'missed', figure: '0.0071× (0.0067–0.0079)' });
    expect(goals[0]?.status).toBe('not measured');
  });

  it('reports nothing measured for a target that did not run', () => {
    expect(checkGoals(SAMPLE_RESULTS, 'net').every((goal) => goal.status === 'not measured')).toBe(
      true,
    );
  });
});
