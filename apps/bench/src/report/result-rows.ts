import type { BenchResults } from '../results/bench-results.js';
import {
  formatCpuMicros,
  formatMebibytes,
  formatMegabytes,
  formatMicros,
  formatRate,
  formatRatio,
  formatWithSpread,
} from './format-figures.js';

/** Column titles shared by the terminal table and the markdown summary. */
export const RESULT_COLUMNS = [
  'configuration',
  'target',
  'calls/s',
  'MB/s',
  'p50',
  'p99',
  'p999',
  'CPU µs/call (client / server)',
  'peak RSS MiB (client / server)',
  '÷ grpc-js',
  '÷ raw limit',
] as const;

/** One formatted row per configuration and target, in run order. */
export function resultRows(results: BenchResults): string[][] {
  const rows: string[][] = [];
  for (const { configuration, targets } of results.configurations) {
    for (const result of targets) {
      const summary = result.summary;
      if (summary === undefined) {
        const reason = result.failures[0] ?? 'no round completed';
        rows.push([configuration.label, result.target, `failed: ${reason}`, ...Array(8).fill('')]);
        continue;
      }
      rows.push([
        configuration.label,
        result.target,
        formatWithSpread(summary.callsPerSecond, formatRate),
        formatMegabytes(summary.bytesPerSecond.median),
        formatMicros(summary.p50Us.median),
        formatWithSpread(summary.p99Us, formatMicros),
        formatMicros(summary.p999Us.median),
        `${formatCpuMicros(summary.clientCpuUsPerCall.median)} / ${formatCpuMicros(summary.serverCpuUsPerCall.median)}`,
        `${formatMebibytes(summary.clientMaxRssKiB.median)} / ${formatMebibytes(summary.serverMaxRssKiB.median)}`,
        formatRatio(result.ratios.throughputVsGrpc),
        formatRatio(result.ratios.throughputVsLimit),
      ]);
    }
  }
  return rows;
}
