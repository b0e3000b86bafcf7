import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json-report.js';
import { SAMPLE_RESULTS } from './sample-results.js';

describe('renderJson', () => {
  it('round-trips the results exactly', () => {
    const json = renderJson(SAMPLE_RESULTS);
    expect(json.endsWith('\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(SAMPLE_RESULTS);
  });
});
