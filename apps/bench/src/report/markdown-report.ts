import type { BenchResults } from '../results/bench-results.js';
import { checkGoals } from './bench-goals.js';
import { formatDuration, formatNodeFlags } from './format-figures.js';
import { RESULT_COLUMNS, resultRows } from './result-rows.js';
import {
  formatLoadAverages,
  SCENARIO_READING,
  scenarioColumns,
  scenarioHeadline,
  scenarioRows,
} from './scenario-report.js';

/** The target the project's goals are stated for. */
const GOAL_TARGET = 'yrpc';

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The run as a markdown summary (results/<mode>/summary.md) that the root README can embed:
 * context, the results table, the goal checks, how to read the figures, and the chart.
 *
 * @param chartFile - the chart's file name, relative to the summary.
 */
export function renderMarkdownSummary(results: BenchResults, chartFile = 'chart.svg'): string {
  const { environment, timing } = results;
  const skipped = results.targets.filter((target) => target.status === 'skipped');
  const goals = checkGoals(results, GOAL_TARGET);
  const lines = [
    `# yrpc benchmark: ${results.mode} run`,
    '',
    `Command: \`${results.command}\` · ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${environment.cpuCount} × ${environment.cpuModel}, ${environment.totalMemoryMiB} MiB, ` +
      `${environment.platform}, Node ${environment.node}, load average ` +
      `${environment.loadAverage.map((load) => load.toFixed(1)).join(' → ')} during the run.` +
      `${formatNodeFlags(environment.nodeFlags)} Server and client are separate ` +
      `processes on loopback. Each configuration: ${timing.rounds} rounds of ` +
      `${formatDuration(timing.durationMs)} after ${formatDuration(timing.warmupMs)} warm-up` +
      `${describeSteadyWarmup(results)}.`,
    '',
  ];
  if (skipped.length > 0) {
    lines.push('Skipped:', '', ...skipped.map((target) => `- ${target.name}: ${target.note}`), '');
  }
  const scenario = results.scenario;
  if (scenario !== undefined) {
    lines.push(
      `## Scenario \`${scenario.name}\`: ${scenario.description}`,
      '',
      ...scenarioHeadline(scenario).map((line) => `- ${line}`),
      '',
      markdownTable(scenarioColumns(scenario.baseline), scenarioRows(scenario)),
      '',
      SCENARIO_READING,
      '',
      `Load average: ${formatLoadAverages(environment)}.`,
      '',
      '## Every configuration',
      '',
    );
  }
  lines.push(markdownTable(RESULT_COLUMNS, resultRows(results)), '');
  lines.push(
    `## Goals (${GOAL_TARGET})`,
    '',
    markdownTable(
      ['goal', 'measured', 'status'],
      goals.map((goal) => [goal.goal, goal.figure, goal.status]),
    ),
    '',
    '## Reading the figures',
    '',
    '- calls/s, MB/s: completed echo calls (payload bytes, one direction) per second in the ' +
      'measured window; median of the rounds, ± half the min–max range as a % of the median.',
    '- p50, p99, p999: call latency from an HDR histogram of every call in the window ' +
      '(median of the rounds).',
    '- CPU µs/call: process CPU time (user + system) in the window ÷ calls, per side.',
    '- peak RSS: `maxRSS` of each process at the end of the round.',
    '- ÷ grpc-js, ÷ raw limit: calls/s ratios computed round by round (round i ÷ round i of the ' +
      'baseline, which ran next to it), median with the range. The raw limit is a hand-written ' +
      'node:net framed echo with coalesced writes.',
    '',
    `![calls/s and p99 latency per configuration](${chartFile})`,
    '',
  );
  return lines.join('\n');
}

/**
 * How long the warm-ups lasted once they went on until the rate was steady (results written
 * before that was recorded say nothing).
 */
function describeSteadyWarmup(results: BenchResults): string {
  const lasted = results.configurations
    .flatMap((configuration) => configuration.targets)
    .flatMap((target) => target.rounds)
    .map((round) => round.warmupMs)
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  if (lasted.length === 0) return '';
  const median = lasted[Math.floor(lasted.length / 2)] as number;
  const longest = lasted[lasted.length - 1] as number;
  return (
    ` at least, and on until the rate was steady (warm-ups lasted ${formatDuration(median)} ` +
    `in the median round, ${formatDuration(longest)} at most)`
  );
}
