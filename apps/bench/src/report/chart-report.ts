import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchResults } from '../results/bench-results.js';

/** One bar of the chart: a target's median figures in one configuration. */
interface ChartDatum {
  readonly configuration: string;
  readonly target: string;
  readonly callsPerSecond: number;
  readonly callsMin: number;
  readonly callsMax: number;
  readonly p99Ms: number;
}

function chartData(results: BenchResults): ChartDatum[] {
  const data: ChartDatum[] = [];
  for (const { configuration, targets } of results.configurations) {
    for (const result of targets) {
      if (result.summary === undefined) continue;
      data.push({
        configuration: configuration.label,
        target: result.target,
        callsPerSecond: result.summary.callsPerSecond.median,
        callsMin: result.summary.callsPerSecond.min,
        callsMax: result.summary.callsPerSecond.max,
        p99Ms: result.summary.p99Us.median / 1000,
      });
    }
  }
  return data;
}

/** The vega-lite spec of the chart: calls/s (with round range) and p99 per configuration. */
export function chartSpec(results: BenchResults): TopLevelSpec {
  const configurations = results.configurations.map((entry) => entry.configuration.label);
  const targets = results.targets
    .filter((target) => target.status === 'measured')
    .map((target) => target.name);
  const x = {
    field: 'configuration',
    type: 'nominal',
    sort: configurations,
    title: null,
    axis: { labelAngle: -30, labelLimit: 220 },
  } as const;
  const color = {
    field: 'target',
    type: 'nominal',
    sort: targets,
    title: 'target',
  } as const;
  const xOffset = { field: 'target', type: 'nominal', sort: targets } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `yrpc bench (${results.mode}): median of ${results.timing.rounds} rounds`,
    data: { values: chartData(results) as unknown as Record<string, unknown>[] },
    config: { font: 'sans-serif', view: { stroke: null } },
    vconcat: [
      {
        width: 640,
        height: 220,
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              x,
              xOffset,
              color,
              y: {
                field: 'callsPerSecond',
                type: 'quantitative',
                scale: { type: 'log' },
                title: 'calls/s (log)',
              },
            },
          },
          {
            mark: { type: 'rule', color: 'black' },
            encoding: {
              x,
              xOffset,
              y: { field: 'callsMin', type: 'quantitative' },
              y2: { field: 'callsMax' },
            },
          },
        ],
      },
      {
        width: 640,
        height: 160,
        mark: { type: 'bar' },
        encoding: {
          x,
          xOffset,
          color,
          y: {
            field: 'p99Ms',
            type: 'quantitative',
            scale: { type: 'log' },
            title: 'p99 latency, ms (log)',
          },
        },
      },
    ],
  };
}

/** Renders the chart to SVG headless: vega's `View.toSVG()` needs no canvas or browser. */
export async function renderChartSvg(results: BenchResults): Promise<string> {
  const vegaSpec = compile(chartSpec(results)).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
