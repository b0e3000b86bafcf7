import Table from 'cli-table3';
import type { BenchResults } from '../results/bench-results.js';
import { RESULT_COLUMNS, resultRows } from './result-rows.js';

/** The results as a terminal table (no colours, so it reads the same in CI logs). */
export function renderTable(results: BenchResults): string {
  const table = new Table({
    head: [...RESULT_COLUMNS],
    style: { head: [], border: [] },
    wordWrap: true,
  });
  for (const row of resultRows(results)) table.push(row);
  return table.toString();
}
