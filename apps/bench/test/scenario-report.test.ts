import { describe, expect, it } from 'vitest';
import { FLOW_SCENARIO } from '../src/plan/bench-scenario.js';
import { renderMarkdownSummary } from '../src/report/markdown-report.js';
import {
  formatLoadAverages,
  formatMetric,
  renderScenarioTable,
  scenarioHeadline,
  scenarioRows,
} from '../src/report/scenario-report.js';
import type { BenchResults } from '../src/results/bench-results.js';
import { computeScenarioFigures } from '../src/stats/scenario-figures.js';
import { FLOW_RESULTS, SAMPLE_RESULTS } from './sample-results.js';

const RESULTS: BenchResults = {
  ...FLOW_RESULTS,
  environment: {
    ...FLOW_RESULTS.environment,
    loadAverages: { start: [0.5, 0.25, 0.125], end: [1.75, 1, 0.5] },
  },
  scenario: computeScenarioFigures(FLOW_RESULTS, FLOW_SCENARIO),
};

describe('scenario report', () => {
  const scenario = RESULTS.scenario;
  if (scenario === undefined) throw new Error('no scenario');

  it('formats each metric with its unit', () => {
    const value = { median: 1_500_000, min: 1_500_000, max: 1_500_000, spreadPct: 0, n: 1 };
    expect(formatMetric('callsPerSecond', value)).toBe('1.50M calls/s');
    expect(formatMetric('bytesPerSecond', value)).toBe('1.5 MB/s');
    expect(formatMetric('p50Us', value)).toBe('1.50 s');
  });

  it('has a row per figure and non-baseline target, with the baseline value and the ratio', () => {
    const rows = scenarioRows(scenario);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual([
      '(a) 4 KiB echo, 16 in flight: calls/s',
      'yrpc',
      '10.0k calls/s ±15%',
      '20.0k calls/s ±15%',
      '0.50× (0.50–0.50)',
      '',
    ]);
    const large = rows.filter((row) => row[0]?.startsWith('(c)'));
    expect(large[0]?.slice(1, 5)).toEqual([
      'yrpc',
      '300.00 ms ±17%',
      '100.00 ms ±0%',
      '3.00× (3.00–4.00)',
    ]);
    expect(large[1]?.slice(1, 4)).toEqual(['net', 'FAILED', '100.00 ms ±0%']);
    expect(large[1]?.[5]).toContain('stalled');
  });

  it('sums up each target in one line', () => {
    expect(scenarioHeadline(scenario)).toEqual([
      'yrpc ÷ raw: (a) 0.50× (0.50–0.50) · (b) 0.50× (0.30–0.50) · (c) 3.00× (3.00–4.00) · (d) 0.55× (0.50–0.60)',
      'net ÷ raw: (a) 1.00× (1.00–1.00) · (b) 1.00× (0.60–1.00) · (c) failed · (d) 1.00× (1.00–1.00)',
    ]);
  });

  it('prints the table with the load average at start and end', () => {
    const table = renderScenarioTable(RESULTS);
    expect(table).toContain('scenario flow:');
    expect(table).toContain(
      'load average: 0.50 / 0.25 / 0.13 at start → 1.75 / 1.00 / 0.50 at end (1 / 5 / 15 min)',
    );
    expect(table).not.toContain('\u001b[');
    expect(renderScenarioTable(SAMPLE_RESULTS)).toBe('');
  });

  it('falls back to the 1-minute figures of results without the full load averages', () => {
    expect(formatLoadAverages(SAMPLE_RESULTS.environment)).toBe('1.50 → 2.25');
  });

  it('puts the figures at the top of the markdown summary', () => {
    const markdown = renderMarkdownSummary(RESULTS);
    expect(markdown).toContain('## Scenario `flow`');
    expect(markdown).toContain('- yrpc ÷ raw: (a) 0.50×');
    expect(markdown).toContain(
      '| (c) 15 MiB echo, one call at a time: median time per call | yrpc | 300.00 ms ±17% | 100.00 ms ±0% | 3.00× (3.00–4.00) |  |',
    );
    expect(markdown).toContain('Load average: 0.50 / 0.25 / 0.13 at start');
    expect(markdown.indexOf('## Scenario')).toBeLessThan(
      markdown.indexOf('## Every configuration'),
    );
    expect(renderMarkdownSummary(SAMPLE_RESULTS)).not.toContain('## Scenario');
  });
});
