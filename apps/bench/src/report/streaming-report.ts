import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Table from 'cli-table3';
import { formatSize } from '../plan/bench-configuration.js';
import type {
  FeedTargetResult,
  SlowConsumerTargetResult,
  StreamingGoalCheck,
  StreamingResults,
} from '../results/streaming-results.js';
import type { Spread } from '../stats/statistics.js';
import { STREAMING_GOAL_TARGET } from '../stats/streaming-figures.js';
import { GRPC_TARGET, LIMIT_TARGET } from '../targets/target-registry.js';
import {
  formatCpuMicros,
  formatDuration,
  formatMegabytes,
  formatMicros,
  formatNodeFlags,
  formatRate,
  formatRatio,
  formatWithSpread,
} from './format-figures.js';
import { formatLoadAverages } from './scenario-report.js';

/** KiB as MiB with one decimal, signed when negative: `3.2`, `-0.4`. */
function mebibytes(kibibytes: number): string {
  return (kibibytes / 1024).toFixed(1);
}

/** RSS growth across rounds: `3.2 MiB (max 4.1)`; `—` without traces. */
function formatGrowth(growth: Spread | undefined): string {
  if (growth === undefined) return '—';
  if (growth.n < 2) return `${mebibytes(growth.median)} MiB`;
  return `${mebibytes(growth.median)} MiB (max ${mebibytes(growth.max)})`;
}

/** ArrayBuffers held after a full collection, against the start: `+0.1 MiB (max +0.3)`. */
function formatHeld(held: Spread | undefined): string {
  if (held === undefined) return '—';
  const signed = (kibibytes: number) => `${kibibytes >= 0 ? '+' : ''}${mebibytes(kibibytes)}`;
  if (held.n < 2) return `${signed(held.median)} MiB`;
  return `${signed(held.median)} MiB (max ${signed(held.max)})`;
}

function failedCell(result: FeedTargetResult): string {
  return result.failures.length > 0 ? `FAILED: ${result.failures[0]}` : 'not measured';
}

/** `12 ms`, `5.60 s`, `—`: the median of a delay across rounds. */
function formatDelay(delay: Spread | undefined): string {
  return delay === undefined ? '—' : formatMicros(delay.median * 1000);
}

/** Client and server CPU per message; the server's is `n/a` when its samples came late. */
function cpuCell(result: FeedTargetResult): string {
  const summary = result.summary;
  if (summary === undefined) return '';
  const server = summary.serverCpuUsPerMessage;
  const lag = Math.max(...result.rounds.map((round) => round.serverSampleLagMs));
  const serverText =
    server === undefined
      ? `n/a (sampled ${formatMicros(lag * 1000)} late)`
      : formatCpuMicros(server.median);
  return `${formatCpuMicros(summary.clientCpuUsPerMessage.median)} / ${serverText}`;
}

/** Column titles of the throughput table. */
export const THROUGHPUT_COLUMNS = [
  'configuration',
  'target',
  'messages/s',
  'MB/s',
  'CPU µs/message (client / server)',
  'event-loop max delay (client / server)',
  'server RSS growth',
  `÷ ${LIMIT_TARGET}`,
  `÷ ${GRPC_TARGET}`,
] as const;

/** One row per configuration and target. */
export function throughputRows(results: StreamingResults): string[][] {
  const rows: string[][] = [];
  for (const { configuration, targets } of results.throughput) {
    for (const result of targets) {
      const summary = result.summary;
      if (summary === undefined) {
        rows.push([configuration.label, result.target, failedCell(result), '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        configuration.label,
        result.target,
        formatWithSpread(summary.messagesPerSecond, formatRate),
        formatWithSpread(summary.bytesPerSecond, formatMegabytes),
        cpuCell(result),
        `${formatDelay(summary.clientEventLoopMaxDelayMs)} / ${formatDelay(summary.serverEventLoopMaxDelayMs)}`,
        formatGrowth(summary.serverRssGrowthKiB),
        formatRatio(result.ratios.vsLimit),
        formatRatio(result.ratios.vsGrpc),
      ]);
    }
  }
  return rows;
}

/** Column titles of the slow-consumer table. */
export const SLOW_CONSUMER_COLUMNS = [
  'target',
  'consumer pace · round',
  'taken',
  'produced − taken at the end',
  'producer (server) RSS growth',
  '÷ stream window',
  'server ArrayBuffers after GC',
  'consumer (client) RSS growth',
] as const;

function paceCell(result: SlowConsumerTargetResult, slowdown: number): string {
  const pace = `${formatMicros(result.paceUs)}/message · ${formatDuration(result.roundMs)}`;
  return result.producerMessagesPerSecond === undefined
    ? `${pace} (fallback: no producer rate)`
    : `${pace} (${formatRate(result.producerMessagesPerSecond)}/s ÷ ${slowdown})`;
}

/** One row per target of the slow-consumer part. */
export function slowConsumerRows(results: StreamingResults): string[][] {
  const { slowConsumer } = results;
  const flowControl = results.windows.slowConsumer;
  const windowKiB = flowControl.streamWindow / 1024;
  return slowConsumer.targets.map((result) => {
    const summary = result.summary;
    if (summary === undefined) {
      return [
        result.target,
        paceCell(result, slowConsumer.slowdown),
        failedCell(result),
        '',
        '',
        '',
        '',
        '',
      ];
    }
    const growth = summary.serverRssGrowthKiB;
    const vsWindow =
      result.target === STREAMING_GOAL_TARGET && growth !== undefined
        ? `${(growth.max / windowKiB).toFixed(2)}× (max) of ${formatSize(flowControl.streamWindow)}`
        : '— (no yrpc window)';
    return [
      result.target,
      paceCell(result, slowConsumer.slowdown),
      `${formatRate(summary.messagesPerSecond.median)} messages/s · ${formatMegabytes(summary.bytesPerSecond.median)}`,
      `${mebibytes(summary.backlogBytes.median / 1024)} MiB (max ${mebibytes(summary.backlogBytes.max / 1024)})`,
      formatGrowth(growth),
      vsWindow,
      formatHeld(summary.serverHeldAfterGcKiB),
      formatGrowth(summary.clientRssGrowthKiB),
    ];
  });
}

/** A goal's measured figure: a ratio with its range, or growth ÷ window (worst, median). */
export function formatGoalValue(goal: StreamingGoalCheck): string {
  if (goal.value === undefined) return '—';
  if (goal.key === 'slow-rss') {
    return `${goal.value.max.toFixed(2)}× (worst round; median ${goal.value.median.toFixed(2)}×)`;
  }
  return formatRatio(goal.value);
}

/** Column titles of the goals table. */
export const GOAL_COLUMNS = ['goal', 'measured', 'target', 'status'] as const;

/** One row per goal. */
export function goalRows(results: StreamingResults): string[][] {
  return results.goals.map((goal) => [
    goal.title,
    formatGoalValue(goal),
    goal.key === 'slow-rss' ? `≤ ${goal.threshold}×` : `≥ ${goal.threshold}×`,
    goal.status,
  ]);
}

/**
 * The run in a few lines: yrpc's ratios per message size and the slow consumer's growth, e.g.
 * `yrpc ÷ raw (MB/s): 16 B 0.52× (0.50–0.55) · 64 KiB 0.81× (0.77–0.90)`.
 */
export function streamingHeadline(results: StreamingResults): string[] {
  const ratioLine = (which: 'vsLimit' | 'vsGrpc', baseline: string, unit: string) => {
    const parts = results.throughput.map(({ configuration, targets }) => {
      const result = targets.find((entry) => entry.target === STREAMING_GOAL_TARGET);
      return `${formatSize(configuration.payloadSize)} ${formatRatio(result?.ratios[which])}`;
    });
    return `${STREAMING_GOAL_TARGET} ÷ ${baseline} (${unit}): ${parts.join(' · ')}`;
  };
  const slow = results.slowConsumer.targets.find((entry) => entry.target === STREAMING_GOAL_TARGET);
  const growth = slow?.summary?.serverRssGrowthKiB;
  const flowControl = results.windows.slowConsumer;
  const window = formatSize(flowControl.streamWindow);
  const connection = formatSize(flowControl.connectionWindow);
  const backlog = slow?.summary?.backlogBytes;
  const slowLine =
    growth === undefined
      ? `${STREAMING_GOAL_TARGET} slow consumer: not measured${slow?.failures[0] ? ` (${slow.failures[0]})` : ''}`
      : `${STREAMING_GOAL_TARGET} slow consumer (${results.slowConsumer.slowdown}× slower): producer RSS ` +
        `growth ${mebibytes(growth.max)} MiB at most (median ${mebibytes(growth.median)} MiB) with a ` +
        `${window} stream window (connection window ${connection}): ` +
        `${(growth.max / (flowControl.streamWindow / 1024)).toFixed(2)}× the window; ` +
        `produced − taken at the end: ${mebibytes((backlog?.max ?? 0) / 1024)} MiB at most`;
  return [
    ratioLine('vsLimit', LIMIT_TARGET, 'MB/s'),
    ratioLine('vsGrpc', GRPC_TARGET, 'messages/s'),
    slowLine,
  ];
}

/** A cli-table3 table for the terminal. */
export function terminalTable(head: readonly string[], rows: readonly string[][]): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] }, wordWrap: true });
  for (const row of rows) table.push(row);
  return table.toString();
}

/** The run for the terminal: tables, headline, goals and the load average. */
export function renderStreamingTables(results: StreamingResults): string {
  return [
    'server streaming, as fast as the client takes messages:',
    terminalTable(THROUGHPUT_COLUMNS, throughputRows(results)),
    `slow consumer (${formatSize(results.slowConsumer.payloadSize)} messages, yrpc stream window ` +
      `${formatSize(results.windows.slowConsumer.streamWindow)}):`,
    terminalTable(SLOW_CONSUMER_COLUMNS, slowConsumerRows(results)),
    ...streamingHeadline(results),
    terminalTable(GOAL_COLUMNS, goalRows(results)),
    `load average: ${formatLoadAverages(results.environment)}`,
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A markdown table; `|` and line breaks in cells are escaped. */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The run as summary.md. */
export function renderStreamingMarkdown(results: StreamingResults): string {
  const { environment, timing, windows } = results;
  return [
    '# yrpc benchmark: streaming scenario',
    '',
    `Command: \`${results.command}\` · ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${environment.cpuCount} × ${environment.cpuModel}, ${environment.totalMemoryMiB} MiB, ` +
      `${environment.platform}, Node ${environment.node}. Load average: ` +
      `${formatLoadAverages(environment)}.${formatNodeFlags(environment.nodeFlags)} ` +
      'Server and client are separate processes on loopback, ' +
      'one stream on one connection. Throughput: ' +
      `${timing.rounds} rounds of ${formatDuration(timing.durationMs)} after ` +
      `${formatDuration(timing.warmupMs)} of warm-up; slow consumer: ${timing.rounds} rounds of at ` +
      `least ${formatDuration(timing.slowConsumerMs)} per target. yrpc windows (server and ` +
      `client): throughput stream ${formatSize(windows.throughput.streamWindow)}, connection ` +
      `${formatSize(windows.throughput.connectionWindow)} (its defaults); slow consumer stream ` +
      `${formatSize(windows.slowConsumer.streamWindow)}, connection ` +
      `${formatSize(windows.slowConsumer.connectionWindow)}.`,
    '',
    ...streamingHeadline(results).map((line) => `- ${line}`),
    '',
    '## Throughput',
    '',
    markdownTable(THROUGHPUT_COLUMNS, throughputRows(results)),
    '',
    `## Slow consumer (${formatSize(results.slowConsumer.payloadSize)} messages)`,
    '',
    markdownTable(SLOW_CONSUMER_COLUMNS, slowConsumerRows(results)),
    '',
    `## Goals (${STREAMING_GOAL_TARGET})`,
    '',
    markdownTable(GOAL_COLUMNS, goalRows(results)),
    '',
    '## Reading the figures',
    '',
    '- messages/s, MB/s: messages (payload bytes, 10⁶ per MB) the client took in the measured ' +
      'window; median of the rounds, ± half the min–max range as a % of the median.',
    '- ÷ raw, ÷ grpc-js: MB/s ratios paired round by round (round i ÷ round i of the baseline, ' +
      'which ran next to it), median with the range; equal messages, so also the messages/s ratio.',
    '- CPU µs/message: process CPU time (user + system) in the window ÷ messages taken, per side. ' +
      'The server is sampled over IPC when the window opens and closes; when it answers more than ' +
      '10 % of the window late (its event loop was busy) its figure is `n/a`.',
    '- event-loop max delay: the longest time the process’s event loop did not run (timers, IPC, ' +
      'socket reads waited), from the start of the stream: the longest gap between the ticks of a 10 ms timer.',
    '- server ArrayBuffers after GC: once the window closed, the server runs two full garbage ' +
      'collections (it is started with `--expose-gc`); its ArrayBuffer bytes (payloads, socket ' +
      'buffers) then, minus those when the stream started: what it really holds. RSS growth ' +
      'beyond it was garbage, or memory the allocator keeps.',
    '- produced − taken at the end: messages the server had produced (handed to its transport) ' +
      'minus those the consumer had taken, times their size, when the window closed: what sits in ' +
      'buffers and on the wire; flow control bounds it by the window (yrpc) or by the socket and ' +
      'HTTP/2 buffers (raw, grpc-js).',
    "- RSS growth: the process's highest RSS (sampled every 5 ms, and its maxRSS) from the start " +
      'of the stream to the end of the window, minus its RSS at the start; median of the rounds ' +
      '(max). The slow consumer takes one message per pace (its producer’s messages/s in the ' +
      'throughput rounds ÷ the slowdown) from its first message on.',
    '',
  ].join('\n');
}

/** Paths of the files a streaming run wrote. */
export interface WrittenStreamingReports {
  readonly json: string;
  readonly markdown: string;
}

/** Writes results.json and summary.md into `outDir` (created if missing). */
export async function writeStreamingReports(
  results: StreamingResults,
  outDir: string,
): Promise<WrittenStreamingReports> {
  await mkdir(outDir, { recursive: true });
  const written = { json: join(outDir, 'results.json'), markdown: join(outDir, 'summary.md') };
  await writeFile(written.json, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(written.markdown, renderStreamingMarkdown(results));
  return written;
}
