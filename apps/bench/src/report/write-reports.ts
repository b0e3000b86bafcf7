import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BenchError } from '../bench-error.js';
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

function reportPaths(outDir: string): WrittenReports {
  return {
    json: join(outDir, 'results.json'),
    markdown: join(outDir, 'summary.md'),
    chart: join(outDir, 'chart.svg'),
  };
}

/** Writes summary.md and chart.svg of `results` into `outDir`. */
async function writeRenderedReports(results: BenchResults, paths: WrittenReports): Promise<void> {
  await writeFile(paths.markdown, renderMarkdownSummary(results, 'chart.svg'));
  await writeFile(paths.chart, await renderChartSvg(results));
}

/** Writes results.json, summary.md and chart.svg into `outDir` (created if missing). */
export async function writeReports(results: BenchResults, outDir: string): Promise<WrittenReports> {
  await mkdir(outDir, { recursive: true });
  const written = reportPaths(outDir);
  await writeFile(written.json, renderJson(results));
  await writeRenderedReports(results, written);
  return written;
}

/**
 * The outline of a results.json this version can render: the schema version and the parts the
 * reports walk. The rest is trusted as written by `renderJson`.
 */
const storedResultsSchema = z.looseObject({
  schemaVersion: z.literal(1),
  mode: z.string(),
  timing: z.looseObject({ rounds: z.number() }),
  // nodeFlags: absent when the run gave none, and in results written before it was recorded.
  environment: z.looseObject({
    loadAverage: z.array(z.number()),
    nodeFlags: z.array(z.string()).optional(),
  }),
  targets: z.array(z.looseObject({ name: z.string(), status: z.string() })),
  configurations: z.array(
    z.looseObject({
      configuration: z.looseObject({ label: z.string() }),
      targets: z.array(z.looseObject({ target: z.string() })),
    }),
  ),
});

/**
 * Renders summary.md and chart.svg again from the results.json in `dir`, without measuring:
 * for when the report code changed (e.g. to refresh the committed chart). results.json is left
 * as it is. Throws a `BenchError` (`INVALID_RESULTS`) when the file is not a results.json.
 */
export async function rerenderReports(dir: string): Promise<WrittenReports> {
  const paths = reportPaths(dir);
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(paths.json, 'utf8'));
  } catch (error) {
    throw new BenchError(
      'INVALID_RESULTS',
      `cannot read ${paths.json}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const checked = storedResultsSchema.safeParse(stored);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new BenchError(
      'INVALID_RESULTS',
      `${paths.json} is not a results.json of schema version 1 (${issue?.path.join('.')}: ${issue?.message})`,
    );
  }
  await writeRenderedReports(stored as BenchResults, paths);
  return paths;
}
