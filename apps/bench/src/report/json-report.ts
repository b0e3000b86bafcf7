import type { BenchResults } from '../results/bench-results.js';

/** The run as stable, indented JSON (results/<mode>/results.json). */
export function renderJson(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
