import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import { renderChartSvg } from '../src/report/chart-report.js';
import { renderJson } from '../src/report/json-report.js';
import { renderMarkdownSummary } from '../src/report/markdown-report.js';
import { rerenderReports, writeReports } from '../src/report/write-reports.js';
import { SAMPLE_RESULTS } from './sample-results.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-reports-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports and rerenderReports', () => {
  it('writes results.json, summary.md and chart.svg', async () => {
    const written = await writeReports(SAMPLE_RESULTS, join(dir, 'quick'));
    expect(await readFile(written.json, 'utf8')).toBe(renderJson(SAMPLE_RESULTS));
    expect(await readFile(written.markdown, 'utf8')).toBe(renderMarkdownSummary(SAMPLE_RESULTS));
    expect(await readFile(written.chart, 'utf8')).toBe(await renderChartSvg(SAMPLE_RESULTS));
  });

  it('renders summary.md and chart.svg again from results.json alone, leaving it as it is', async () => {
    const json = renderJson(SAMPLE_RESULTS);
    await writeFile(join(dir, 'results.json'), json);
    await writeFile(join(dir, 'chart.svg'), '<svg>stale</svg>');
    const written = await rerenderReports(dir);
    expect(written.chart).toBe(join(dir, 'chart.svg'));
    expect(await readFile(written.chart, 'utf8')).toBe(await renderChartSvg(SAMPLE_RESULTS));
    expect(await readFile(written.markdown, 'utf8')).toBe(renderMarkdownSummary(SAMPLE_RESULTS));
    expect(await readFile(join(dir, 'results.json'), 'utf8')).toBe(json);
  });

  it('renders the Node flags of a results.json that has them, and refuses malformed ones', async () => {
    const environment = { ...SAMPLE_RESULTS.environment, nodeFlags: ['--max-semi-space-size=64'] };
    await writeFile(join(dir, 'results.json'), renderJson({ ...SAMPLE_RESULTS, environment }));
    const written = await rerenderReports(dir);
    expect(await readFile(written.markdown, 'utf8')).toContain(
      'Node flags for every measured process: --max-semi-space-size=64.',
    );
    await writeFile(
      join(dir, 'results.json'),
      JSON.stringify({ ...SAMPLE_RESULTS, environment: { ...environment, nodeFlags: '--x' } }),
    );
    await expect(rerenderReports(dir)).rejects.toMatchObject({
      code: 'INVALID_RESULTS',
      message: expect.stringContaining('environment.nodeFlags'),
    });
  });

  it('refuses a missing file or one of another schema with INVALID_RESULTS', async () => {
    await expect(rerenderReports(dir)).rejects.toThrow(BenchError);
    await expect(rerenderReports(dir)).rejects.toMatchObject({ code: 'INVALID_RESULTS' });
    await writeFile(
      join(dir, 'results.json'),
      JSON.stringify({ ...SAMPLE_RESULTS, schemaVersion: 2 }),
    );
    await expect(rerenderReports(dir)).rejects.toMatchObject({
      code: 'INVALID_RESULTS',
      message: expect.stringContaining('schemaVersion'),
    });
  });
});
