import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchResults } from '../results/bench-results.js';

/** `value` to three significant digits, without trailing zeros: `833`, `16.8`, `1.5`. */
function threeDigits(value: number): number {
  return Number(value.toPrecision(3));
}

/** A rate in three digits for a bar's label: `833k`, `1.73k`, `139`, `1.2M`. */
export function shortRate(perSecond: number): string {
  const rounded = threeDigits(perSecond);
  if (rounded >= 1e6) return `${threeDigits(rounded / 1e6)}M`;
  if (rounded >= 1e3) return `${threeDigits(rounded / 1e3)}k`;
  return `${rounded}`;
}

/** A latency in µs in three digits for a bar's label: `228 µs`, `2.84 ms`, `410 ms`, `1.2 s`. */
export function shortMicros(micros: number): string {
  const rounded = threeDigits(micros);
  if (rounded >= 1e6) return `${threeDigits(rounded / 1e6)} s`;
  if (rounded >= 1e3) return `${threeDigits(rounded / 1e3)} ms`;
  return `${rounded} µs`;
}

/** One bar of the chart: a target's median figures in one configuration. */
interface ChartDatum {
  readonly configuration: string;
  readonly target: string;
  readonly callsPerSecond: number;
  readonly callsMin: number;
  readonly callsMax: number;
  /** The median for its label, e.g. `833k`. */
  readonly callsLabel: string;
  readonly p99Us: number;
  readonly p99MinUs: number;
  readonly p99MaxUs: number;
  /** e.g. `278 µs`, `2.84 ms`. */
  readonly p99Label: string;
}

function chartData(results: BenchResults): ChartDatum[] {
  const data: ChartDatum[] = [];
  for (const { configuration, targets } of results.configurations) {
    for (const result of targets) {
      if (result.summary === undefined) continue;
      const { callsPerSecond, p99Us } = result.summary;
      data.push({
        configuration: configuration.label,
        target: result.target,
        callsPerSecond: callsPerSecond.median,
        callsMin: callsPerSecond.min,
        callsMax: callsPerSecond.max,
        callsLabel: shortRate(callsPerSecond.median),
        p99Us: p99Us.median,
        p99MinUs: p99Us.min,
        p99MaxUs: p99Us.max,
        p99Label: shortMicros(p99Us.median),
      });
    }
  }
  return data;
}

/**
 * The log-scale domain that holds `values`: from the largest power of ten below the smallest
 * positive value to the smallest power of ten above the largest, so the shortest bar still has a
 * height and the tallest leaves room for its label. Bars start at the domain's start, which must
 * be above zero on a log scale; `[1, 10]` when there is no positive value.
 */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((value) => Number.isFinite(value) && value > 0);
  if (positive.length === 0) return [1, 10];
  const smallest = Math.min(...positive);
  const largest = Math.max(...positive);
  let low = 10 ** (Math.ceil(Math.log10(smallest)) - 1);
  if (low >= smallest) low /= 10;
  let high = 10 ** (Math.floor(Math.log10(largest)) + 1);
  if (high <= largest) high *= 10;
  return [low, high];
}

/** Width of the plots: enough for the bars and their value labels in every configuration. */
function plotWidth(configurations: number, targets: number): number {
  return Math.max(640, configurations * (Math.max(targets, 1) * 40 + 24));
}

/** The y axis titles of the two panels. */
export const CHART_CALLS_TITLE = 'calls/s (log scale)';
export const CHART_P99_TITLE = 'p99 latency (log scale)';

/** Axis labels of a latency in µs: `100 µs`, `1 ms`, `10 s`. */
const LATENCY_LABEL_EXPR =
  "datum.value >= 1e6 ? format(datum.value / 1e6, '~') + ' s' : " +
  "datum.value >= 1e3 ? format(datum.value / 1e3, '~') + ' ms' : format(datum.value, '~') + ' µs'";

type NumericField = 'callsPerSecond' | 'callsMin' | 'callsMax' | 'p99Us' | 'p99MinUs' | 'p99MaxUs';

/** What one panel plots. */
interface PanelFields {
  readonly value: NumericField;
  readonly min: NumericField;
  readonly max: NumericField;
  readonly label: 'callsLabel' | 'p99Label';
  readonly title: string;
  readonly axis: { readonly format: string } | { readonly labelExpr: string };
}

/** One of the stacked panels of the chart, as vega-lite types it. */
type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];

/** Encodings both panels share. */
function sharedEncoding(configurations: string[], targets: string[]) {
  return {
    width: plotWidth(configurations.length, targets.length),
    x: {
      field: 'configuration',
      type: 'nominal',
      sort: configurations,
      title: null,
      // One line per part of the label: "64 in flight", "16 B", "1 conn".
      axis: { labelAngle: 0, labelExpr: "split(datum.label, ' · ')", labelLimit: 0 },
    },
    xOffset: { field: 'target', type: 'nominal', sort: targets },
    color: { field: 'target', type: 'nominal', sort: targets, title: 'target' },
  } as const;
}

/**
 * One panel: a bar per target and configuration from the domain's start up to the median, a black
 * rule over the rounds' min–max, and the median written above it. The scale is logarithmic
 * (targets differ by 100× and more) with a domain that starts at a power of ten above zero, so a
 * bar's height is proportional to log10(median ÷ domain start): one decade per gridline.
 */
function logBarPanel(
  data: readonly ChartDatum[],
  fields: PanelFields,
  height: number,
  shared: ReturnType<typeof sharedEncoding>,
): Panel {
  const domain = logDomain(
    data.flatMap((datum) => [datum[fields.value], datum[fields.min], datum[fields.max]]),
  );
  const y = {
    field: fields.value,
    type: 'quantitative',
    stack: null,
    scale: { type: 'log', domain, nice: false, clamp: true },
    axis: { tickCount: Math.round(Math.log10(domain[1] / domain[0])), ...fields.axis },
    title: fields.title,
  } as const;
  const { x, xOffset, color } = shared;
  return {
    width: shared.width,
    height,
    layer: [
      {
        mark: { type: 'bar' },
        encoding: { x, xOffset, color, y, y2: { datum: domain[0] } },
      },
      {
        mark: { type: 'rule', color: 'black', aria: false },
        encoding: { x, xOffset, y: { ...y, field: fields.min }, y2: { field: fields.max } },
      },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 9, aria: false },
        encoding: {
          x,
          xOffset,
          y: { ...y, field: fields.max },
          text: { field: fields.label, type: 'nominal' },
        },
      },
    ],
  };
}

/** The vega-lite spec of the chart: calls/s and p99 per configuration, with the rounds' range. */
export function chartSpec(results: BenchResults): TopLevelSpec {
  const configurations = results.configurations.map((entry) => entry.configuration.label);
  const targets = results.targets
    .filter((target) => target.status === 'measured')
    .map((target) => target.name);
  const data = chartData(results);
  const shared = sharedEncoding(configurations, targets);
  const rounds = results.timing.rounds;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `yrpc bench (${results.mode}): median of ${rounds === 1 ? '1 round' : `${rounds} rounds`}`,
      subtitle: [
        "log scales, one gridline per 10× · numbers: medians · black rules: the rounds' min–max",
        'calls/s: higher is better · p99 latency: lower is better',
      ],
      anchor: 'start',
    },
    data: { values: data as unknown as Record<string, unknown>[] },
    config: { font: 'sans-serif', view: { stroke: null } },
    vconcat: [
      logBarPanel(
        data,
        {
          value: 'callsPerSecond',
          min: 'callsMin',
          max: 'callsMax',
          label: 'callsLabel',
          title: CHART_CALLS_TITLE,
          axis: { format: '~s' },
        },
        240,
        shared,
      ),
      logBarPanel(
        data,
        {
          value: 'p99Us',
          min: 'p99MinUs',
          max: 'p99MaxUs',
          label: 'p99Label',
          title: CHART_P99_TITLE,
          axis: { labelExpr: LATENCY_LABEL_EXPR },
        },
        180,
        shared,
      ),
    ],
  };
  return spec;
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
