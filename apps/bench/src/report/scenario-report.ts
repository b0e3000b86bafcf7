import Table from 'cli-table3';
import type { BenchResults, ScenarioFigure, ScenarioResult } from '../results/bench-results.js';
import type { Spread } from '../stats/statistics.js';
import {
  formatMegabytes,
  formatMicros,
  formatRate,
  formatRatio,
  formatWithSpread,
} from './format-figures.js';

/** A metric's value with its round range: `12.3k calls/s ±4%`, `512 MB/s ±3%`, `81.2 ms ±9%`. */
export function formatMetric(metric: string, value: Spread): string {
  switch (metric) {
    case 'callsPerSecond':
      return formatWithSpread(value, (perSecond) => `${formatRate(perSecond)} calls/s`);
    case 'bytesPerSecond':
      return formatWithSpread(value, formatMegabytes);
    case 'p50Us':
      return formatWithSpread(value, formatMicros);
    default:
      return formatWithSpread(value, (number) => number.toPrecision(3));
  }
}

/** Column titles of the scenario table for a given baseline. */
export function scenarioColumns(baseline: string): string[] {
  return ['figure', 'target', 'value', baseline, `÷ ${baseline}`, 'note'];
}

/** One row per figure and target (the baseline's own value is in its column, not a row). */
export function scenarioRows(scenario: ScenarioResult): string[][] {
  const rows: string[][] = [];
  for (const figure of scenario.figures) {
    if (figure.target === scenario.baseline) continue;
    rows.push(scenarioRow(figure, scenario));
  }
  return rows;
}

function scenarioRow(figure: ScenarioFigure, scenario: ScenarioResult): string[] {
  const baselineFigure = scenario.figures.find(
    (entry) => entry.key === figure.key && entry.target === scenario.baseline,
  );
  const baselineValue =
    figure.baselineValue !== undefined
      ? formatMetric(figure.metric, figure.baselineValue)
      : baselineFigure?.status === 'failed'
        ? 'failed'
        : '—';
  const value =
    figure.value !== undefined
      ? formatMetric(figure.metric, figure.value)
      : figure.status === 'failed'
        ? 'FAILED'
        : figure.status;
  return [
    `(${figure.key}) ${figure.title}`,
    figure.target,
    value,
    baselineValue,
    formatRatio(figure.ratio),
    figure.note ?? '',
  ];
}

/** `0.08 / 0.16 / 0.08 at start → 1.59 / 0.72 / 0.32 at end (1 / 5 / 15 min)`. */
export function formatLoadAverages(environment: BenchResults['environment']): string {
  const triple = (values: readonly number[]) => values.map((load) => load.toFixed(2)).join(' / ');
  const loads = environment.loadAverages;
  if (loads === undefined) {
    return environment.loadAverage.map((load) => load.toFixed(2)).join(' → ');
  }
  return `${triple(loads.start)} at start → ${triple(loads.end)} at end (1 / 5 / 15 min)`;
}

/** How to read the ratios, for the terminal and the markdown summary. */
export const SCENARIO_READING =
  'Ratios are target ÷ baseline, paired round by round (median, with the range). For rates ' +
  '(calls/s, MB/s) below 1× is slower than the baseline; for the 15 MiB median time per call ' +
  'above 1× is slower.';

/** The scenario's figures as a terminal table, with the load average, or `''` without any. */
export function renderScenarioTable(results: BenchResults): string {
  const scenario = results.scenario;
  if (scenario === undefined) return '';
  const table = new Table({
    head: scenarioColumns(scenario.baseline),
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [32, 8, 22, 22, 20, 44],
  });
  for (const row of scenarioRows(scenario)) table.push(row);
  return [
    `scenario ${scenario.name}: ${scenario.description}`,
    table.toString(),
    SCENARIO_READING,
    `load average: ${formatLoadAverages(results.environment)}`,
  ].join('\n');
}

/** One line per target with every figure's ratio, e.g. `yrpc ÷ raw: (a) 0.45× (b) 0.61× …`. */
export function scenarioHeadline(scenario: ScenarioResult): string[] {
  const targets = [...new Set(scenario.figures.map((figure) => figure.target))].filter(
    (target) => target !== scenario.baseline,
  );
  return targets.map((target) => {
    const parts = scenario.figures
      .filter((figure) => figure.target === target)
      .map((figure) => {
        const shown =
          figure.ratio !== undefined
            ? formatRatio(figure.ratio)
            : figure.status === 'failed'
              ? 'failed'
              : '—';
        return `(${figure.key}) ${shown}`;
      });
    return `${target} ÷ ${scenario.baseline}: ${parts.join(' · ')}`;
  });
}
