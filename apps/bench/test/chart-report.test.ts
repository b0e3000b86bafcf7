import { describe, expect, it } from 'vitest';
import { chartSpec, renderChartSvg } from '../src/report/chart-report.js';
import { SAMPLE_RESULTS } from './sample-results.js';

describe('chart', () => {
  it('plots one bar per measured target and configuration, skipping failed ones', () => {
    const spec = chartSpec(SAMPLE_RESULTS) as { data: { values: { target: string }[] } };
    expect(spec.data.values.map((datum) => datum.target)).toEqual([
      'yrpc',
      'raw',
      'grpc-js',
      'raw',
    ]);
  });

  it('renders an SVG headless', async () => {
    const svg = await renderChartSvg(SAMPLE_RESULTS);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('calls/s (log)');
    expect(svg).toContain('grpc-js');
    expect(svg).toContain('64 in flight · 16 B · 1 conn');
  });
});
