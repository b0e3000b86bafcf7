import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from '../results/bench-results.js';
import { renderChartSvg } from './chart-report.js';
import { renderJson } from './json-report.js';
import { renderMarkdownSummary } from './markdown-report.js';

/** Paths of the files a run wrote. */
export interface WrittenReports {
  readonly json: string;
  readonly markdown: string;
  readonly chart: string;
}

/** Writes results.json, summary.md and chart.svg into `outDir` (created if missing). */
export async function writeReports(results: BenchResults, outDir: string): Promise<WrittenReports> {
  await mkdir(outDir, { recursive: true });
  const written = {
    json: join(outDir, 'results.json'),
    markdown: join(outDir, 'summary.md'),
    chart: join(outDir, 'chart.svg'),
  };
  await writeFile(written.json, renderJson(results));
  await writeFile(written.markdown, renderMarkdownSummary(results, 'chart.svg'));
  await writeFile(written.chart, await renderChartSvg(results));
  return written;
}
