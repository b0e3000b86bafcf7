import { describe, expect, it } from 'vitest';
import { renderTable } from '../src/report/table-report.js';
import { SAMPLE_RESULTS } from './sample-results.js';

describe('renderTable', () => {
  it('prints every configuration and target without colour codes', () => {
    const table = renderTable(SAMPLE_RESULTS);
    expect(table).not.toContain('\u001b[');
    expect(table).toContain('calls/s');
    expect(table.match(/grpc-js/g)?.length).toBeGreaterThanOrEqual(2);
    expect(table).toContain('400.0k ±5%');
    expect(table).toContain('5.00k ±20%');
  });
});
