import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json-report.js';
import type { BenchResults } from '../src/results/bench-results.js';
import { SAMPLE_RESULTS } from './sample-results.js';

describe('renderJson', () => {
  it('round-trips the results exactly', () => {
    const json = renderJson(SAMPLE_RESULTS);
    expect(json.endsWith('\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(SAMPLE_RESULTS);
  });

  it('records the Node flags in the environment only when the run gave some', () => {
    expect(renderJson(SAMPLE_RESULTS)).not.toContain('nodeFlags');
    const results = {
      ...SAMPLE_RESULTS,
      environment: { ...SAMPLE_RESULTS.environment, nodeFlags: ['--min-semi-space-size=16'] },
    };
    const stored = JSON.parse(renderJson(results)) as BenchResults;
    expect(stored.environment.nodeFlags).toEqual(['--min-semi-space-size=16']);
  });
});
