import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  IdleResults,
  IdleTargetResult,
  PerConnectionMemory,
} from '../results/idle-results.js';
import { BARE_TARGET, IDLE_GOAL_TARGET } from '../targets/idle/idle-targets.js';
import { formatDuration, formatNodeFlags } from './format-figures.js';
import { formatLoadAverages } from './scenario-report.js';
import { markdownTable, terminalTable } from './streaming-report.js';

/** Bytes, rounded, with separators and a sign when asked: `3,412 B`, `+1,024 B`, `−96 B`. */
export function formatBytes(bytes: number, signed = false): string {
  const rounded = Math.round(bytes);
  const digits = Math.abs(rounded).toLocaleString('en-US');
  const sign = rounded < 0 ? '−' : signed && rounded > 0 ? '+' : '';
  return `${sign}${digits} B`;
}

/** Bytes as MiB with one decimal: `54.3 MiB`. */
function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Column titles of the table. */
export const IDLE_COLUMNS = [
  'target',
  'connections',
  'RSS / conn',
  'heap used / conn',
  'external / conn',
  'of which ArrayBuffers / conn',
  'server RSS before → after',
  'time to open all',
] as const;

function figureCells(memory: PerConnectionMemory, signed: boolean): string[] {
  return [memory.rss, memory.heapUsed, memory.external, memory.arrayBuffers].map((bytes) =>
    formatBytes(bytes, signed),
  );
}

function targetRow(result: IdleTargetResult): string[] {
  const measurement = result.measurement;
  if (measurement === undefined) {
    const failed = `FAILED: ${result.failure ?? 'not measured'}`;
    return [result.target, failed, ...Array<string>(IDLE_COLUMNS.length - 2).fill('—')];
  }
  return [
    result.target,
    measurement.connections.toLocaleString('en-US'),
    ...figureCells(measurement.perConnection, false),
    `${mebibytes(measurement.before.rss)} → ${mebibytes(measurement.after.rss)}`,
    formatDuration(measurement.connectMs),
  ];
}

/** One row per target, then `yrpc − bare` when both were measured. */
export function idleRows(results: IdleResults): string[][] {
  const rows = results.targets.map(targetRow);
  if (results.difference !== undefined) {
    rows.push([
      `${IDLE_GOAL_TARGET} − ${BARE_TARGET}`,
      '',
      ...figureCells(results.difference, true),
      '',
      '',
    ]);
  }
  return rows;
}

/** `RSS 5,123 B, heap used 2,001 B, external 312 B (ArrayBuffers 0 B)`. */
function describeMemory(memory: PerConnectionMemory, signed: boolean): string {
  const [rss, heap, external, arrayBuffers] = figureCells(memory, signed);
  return `RSS ${rss}, heap used ${heap}, external ${external} (ArrayBuffers ${arrayBuffers})`;
}

/** The goal's line: `server memory per idle connection: … — met: yrpc − bare RSS +1,234 B ≤ 4,096 B`. */
export function idleGoalLine(results: IdleResults): string {
  const { goal } = results;
  const threshold = formatBytes(goal.thresholdBytes);
  if (goal.measuredBytes === undefined) return `${goal.title}: not measured`;
  const comparison = goal.status === 'met' ? '≤' : '>';
  return (
    `${goal.title}: ${goal.status} (${IDLE_GOAL_TARGET} − ${BARE_TARGET} RSS per connection ` +
    `${formatBytes(goal.measuredBytes, true)} ${comparison} ${threshold})`
  );
}

/** The run in a few lines: each target per connection, the difference and the goal. */
export function idleHeadline(results: IdleResults): string[] {
  const lines = results.targets.map((result) =>
    result.measurement === undefined
      ? `${result.target}: failed: ${result.failure ?? 'not measured'}`
      : `${result.target}: ${describeMemory(result.measurement.perConnection, false)} per idle ` +
        `connection (${result.measurement.connections.toLocaleString('en-US')} connections)`,
  );
  if (results.difference !== undefined) {
    lines.push(
      `${IDLE_GOAL_TARGET} − ${BARE_TARGET}: ${describeMemory(results.difference, true)} per connection`,
    );
  }
  lines.push(idleGoalLine(results));
  return lines;
}

/** Open-file limits and connection counts lowered to fit them. */
export function idleNotes(results: IdleResults): string[] {
  const notes: string[] = [];
  for (const { target, measurement } of results.targets) {
    if (measurement === undefined) continue;
    const { server, client } = measurement.openFileLimits;
    const limit = (value: number | undefined) =>
      value === undefined ? 'unknown' : value.toLocaleString('en-US');
    notes.push(
      `${target}: open-file limit (ulimit -n) server ${limit(server)}, client ${limit(client)}; ` +
        `${measurement.serverSockets.toLocaleString('en-US')} sockets open in the server at the ` +
        'second measurement',
    );
    if (measurement.capNote !== undefined) notes.push(`${target}: ${measurement.capNote}`);
  }
  return notes;
}

/** How the figures came about, one paragraph. */
function method(results: IdleResults): string {
  const { plan } = results;
  return (
    `Per target, a fresh server process (\`--expose-gc\`) and a fresh client process on loopback. ` +
    `${plan.warmupConnections} warm-up connections are opened and closed first; then the ` +
    'server runs two full garbage collections and takes `process.memoryUsage()` with no ' +
    `connection open; the client opens ${plan.connections.toLocaleString('en-US')} connections ` +
    `(${plan.connectConcurrency} being opened at a time; fewer in all if the open-file limit is ` +
    'lower), each yrpc one its own `@yrpc/rpc` Client whose one 16 B Echo call was answered; once ' +
    `the server holds every one, they sit idle for ${formatDuration(plan.idleMs)} and the server ` +
    'measures again the same way. Per connection: (after − before) ÷ connections.'
  );
}

/** The run for the terminal. */
export function renderIdleTable(results: IdleResults): string {
  return [
    'idle connections: server memory per connection',
    terminalTable(IDLE_COLUMNS, idleRows(results)),
    ...idleHeadline(results),
    ...idleNotes(results),
    `load average: ${formatLoadAverages(results.environment)}`,
  ].join('\n');
}

/** The run as summary.md. */
export function renderIdleMarkdown(results: IdleResults): string {
  const { environment } = results;
  const notes = idleNotes(results);
  return [
    '# yrpc benchmark: idle-connections scenario',
    '',
    `Command: \`${results.command}\` · ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${environment.cpuCount} × ${environment.cpuModel}, ${environment.totalMemoryMiB} MiB, ` +
      `${environment.platform}, Node ${environment.node}. Load average: ` +
      `${formatLoadAverages(environment)}.${formatNodeFlags(environment.nodeFlags)}`,
    '',
    method(results),
    '',
    ...idleHeadline(results).map((line) => `- ${line}`),
    '',
    markdownTable(IDLE_COLUMNS, idleRows(results)),
    '',
    '## Goal',
    '',
    idleGoalLine(results),
    '',
    ...(notes.length > 0 ? ['## Notes', '', ...notes.map((note) => `- ${note}`), ''] : []),
    '## Reading the figures',
    '',
    '- RSS: the server process’s resident memory, everything it holds (JS heap pages, native ' +
      'socket and libuv handles, malloc’d buffers); the figure the goal is checked on. Socket ' +
      'buffers in the kernel are not in it. It also counts the heap pages V8 keeps committed beyond ' +
      'the live objects (`heapTotal` in results.json), which grow with what opening the ' +
      'connections allocated. Repeated runs differed by up to about 1 KiB per connection.',
    '- heap used: live JS objects after the collections (the connection objects, their ' +
      'closures and tables); external: memory of C++ objects tied to JS objects, ArrayBuffers and ' +
      'Buffers included, which are also shown on their own (preallocated read and write buffers).',
    `- ${IDLE_GOAL_TARGET} − ${BARE_TARGET}: what a yrpc connection costs the server beyond the ` +
      'socket itself; the goal allows 4 KiB (4,096 B) of RSS.',
    '',
  ].join('\n');
}

/** Writes results.json and summary.md into `outDir` (created if missing). */
export async function writeIdleReports(
  results: IdleResults,
  outDir: string,
): Promise<{ readonly json: string; readonly markdown: string }> {
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, 'results.json');
  const markdown = join(outDir, 'summary.md');
  await writeFile(json, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(markdown, renderIdleMarkdown(results));
  return { json, markdown };
}
