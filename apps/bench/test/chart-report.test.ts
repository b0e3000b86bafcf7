import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  CHART_CALLS_TITLE,
  CHART_P99_TITLE,
  chartSpec,
  logDomain,
  renderChartSvg,
  shortMicros,
  shortRate,
} from '../src/report/chart-report.js';
import type { BenchResults } from '../src/results/bench-results.js';
import { FLOW_RESULTS, SAMPLE_RESULTS } from './sample-results.js';

/** A bar as drawn: the rect path `M x,y h w v h h -w Z` vega writes, and what its label says. */
interface DrawnBar {
  readonly configuration: string;
  readonly target: string;
  readonly x: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A vertical rule as drawn: `translate(x,y)` and `y2` relative to it. */
interface DrawnRule {
  readonly x: number;
  readonly top: number;
  readonly bottom: number;
}

const NUMBER = '(-?[\\d.]+(?:e[-+]?\\d+)?)';

/** The markup of the mark group (no nested groups) of the given layer of panel `panel`. */
function markGroup(svg: string, panel: number, layer: number): string {
  const start = svg.indexOf(`concat_${panel}_layer_${layer}_marks"`);
  expect(start, `panel ${panel} layer ${layer} is drawn`).toBeGreaterThan(0);
  return svg.slice(start, svg.indexOf('</g>', start));
}

function drawnBars(svg: string, panel: number): DrawnBar[] {
  const pattern = new RegExp(
    `<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar" ` +
      `d="M${NUMBER},${NUMBER}h${NUMBER}v${NUMBER}h${NUMBER}Z"`,
    'g',
  );
  return [...markGroup(svg, panel, 0).matchAll(pattern)].map((match) => {
    const fields = new Map(
      (match[1] ?? '').split('; ').map((part) => part.split(': ', 2) as [string, string]),
    );
    return {
      configuration: fields.get('configuration') ?? '',
      target: fields.get('target') ?? '',
      x: Number(match[2]),
      top: Number(match[3]),
      width: Number(match[4]),
      height: Number(match[5]),
    };
  });
}

function drawnRules(svg: string, panel: number): DrawnRule[] {
  const pattern = new RegExp(
    `<line transform="translate\\(${NUMBER},${NUMBER}\\)" x2="0" y2="${NUMBER}"`,
    'g',
  );
  return [...markGroup(svg, panel, 1).matchAll(pattern)].map((match) => {
    const y = Number(match[2]);
    const y2 = y + Number(match[3]);
    return { x: Number(match[1]), top: Math.min(y, y2), bottom: Math.max(y, y2) };
  });
}

/** The y of each horizontal gridline of panel `panel`, top to bottom. */
function gridlines(svg: string, panel: number): number[] {
  let at = 0;
  for (let index = 0; index <= panel; index += 1) at = svg.indexOf('role-axis-grid', at + 1);
  const group = svg.slice(at, svg.indexOf('</g>', at));
  return [...group.matchAll(new RegExp(`translate\\(0,${NUMBER}\\)`, 'g'))]
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** The medians, min and max of one figure per configuration label and target. */
function figures(
  results: BenchResults,
  pick: 'callsPerSecond' | 'p99Us',
): Map<string, { median: number; min: number; max: number }> {
  const byBar = new Map<string, { median: number; min: number; max: number }>();
  for (const { configuration, targets } of results.configurations) {
    for (const target of targets) {
      const spread = target.summary?.[pick];
      if (spread !== undefined) byBar.set(`${configuration.label}|${target.target}`, spread);
    }
  }
  return byBar;
}

/**
 * Checks the geometry of one panel against the figures: one bar per measured target and
 * configuration, all standing on the same baseline at the bottom of the plot, each as high as
 * log10(value ÷ domain start) decades at the pixels per decade of the axis's gridlines, and a
 * rule per bar over the rounds' min–max that passes through the bar's top.
 */
function expectLogBars(
  svg: string,
  panel: number,
  results: BenchResults,
  pick: 'callsPerSecond' | 'p99Us',
): void {
  const expected = figures(results, pick);
  const bars = drawnBars(svg, panel);
  expect(bars.map((bar) => `${bar.configuration}|${bar.target}`).sort()).toEqual(
    [...expected.keys()].sort(),
  );
  const [domainStart] = logDomain(
    [...expected.values()].flatMap((figure) => [figure.median, figure.min, figure.max]),
  );
  const grid = gridlines(svg, panel);
  expect(grid.length).toBeGreaterThanOrEqual(2);
  const plotBottom = grid.at(-1) ?? 0;
  const pixelsPerDecade = (plotBottom - (grid[0] ?? 0)) / (grid.length - 1);
  grid.forEach((y, index) => {
    expect(y).toBeCloseTo((grid[0] ?? 0) + index * pixelsPerDecade, 3);
  });
  for (const bar of bars) {
    const figure = expected.get(`${bar.configuration}|${bar.target}`);
    if (figure === undefined) throw new Error(`unexpected bar ${bar.configuration}|${bar.target}`);
    expect(bar.height).toBeGreaterThan(0);
    expect(bar.width).toBeGreaterThan(0);
    expect(bar.top + bar.height).toBeCloseTo(plotBottom, 6);
    expect(bar.height).toBeCloseTo(Math.log10(figure.median / domainStart) * pixelsPerDecade, 6);
    const rule = drawnRules(svg, panel).find(
      (drawn) => Math.abs(drawn.x - (bar.x + bar.width / 2)) < 0.01,
    );
    expect(rule, `rule over ${bar.target} in ${bar.configuration}`).toBeDefined();
    if (rule === undefined) continue;
    expect(rule.top).toBeCloseTo(
      plotBottom - Math.log10(figure.max / domainStart) * pixelsPerDecade,
      6,
    );
    expect(rule.bottom).toBeCloseTo(
      plotBottom - Math.log10(figure.min / domainStart) * pixelsPerDecade,
      6,
    );
    expect(rule.top).toBeLessThanOrEqual(bar.top + 1e-6);
    expect(rule.bottom).toBeGreaterThanOrEqual(bar.top - 1e-6);
  }
  // A taller bar has a larger value, and the height difference of any two bars, in decades of
  // the axis, is the log of their values' ratio.
  const sized = bars
    .map((bar) => ({
      height: bar.height,
      value: expected.get(`${bar.configuration}|${bar.target}`)?.median ?? Number.NaN,
    }))
    .sort((a, b) => a.height - b.height);
  const values = sized.map((entry) => entry.value);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  for (const [index, lower] of sized.entries()) {
    for (const higher of sized.slice(index + 1)) {
      expect((higher.height - lower.height) / pixelsPerDecade).toBeCloseTo(
        Math.log10(higher.value / lower.value),
        6,
      );
    }
  }
}

describe('chart', () => {
  it('plots one bar per measured target and configuration, skipping failed ones', () => {
    const spec = chartSpec(SAMPLE_RESULTS) as { data: { values: { target: string }[] } };
    expect(spec.data.values.map((datum) => datum.target)).toEqual([
      'yrpc',
      'raw',
      'grpc-js',
      'raw',
    ]);
  });

  it('spans each log scale between powers of ten strictly around the values, above zero', () => {
    expect(logDomain([5_000, 760_000, 3_000])).toEqual([1_000, 1_000_000]);
    expect(logDomain([1_000, 100_000])).toEqual([100, 1_000_000]);
    expect(logDomain([0.278, 683])).toEqual([0.1, 1_000]);
    expect(logDomain([42])).toEqual([10, 100]);
    expect(logDomain([0, Number.NaN, -1, 42])).toEqual([10, 100]);
    expect(logDomain([])).toEqual([1, 10]);
  });

  it('labels bars with three digits and a unit', () => {
    expect([833_012, 1_734.4, 139.2, 999_600, 2_160_000].map(shortRate)).toEqual([
      '833k',
      '1.73k',
      '139',
      '1M',
      '2.16M',
    ]);
    expect([228.4, 2_840.1, 409_730, 1_390_000].map(shortMicros)).toEqual([
      '228 µs',
      '2.84 ms',
      '410 ms',
      '1.39 s',
    ]);
  });

  it('renders bars whose heights follow their values on the log scale, without NaN', async () => {
    const svg = await renderChartSvg(SAMPLE_RESULTS);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain(CHART_CALLS_TITLE);
    expect(svg).toContain(CHART_P99_TITLE);
    expect(svg).toContain('>400k<');
    expect(svg).toContain('>1 conn<');
    expectLogBars(svg, 0, SAMPLE_RESULTS, 'callsPerSecond');
    expectLogBars(svg, 1, SAMPLE_RESULTS, 'p99Us');
  });

  it('says how many rounds the medians are of', () => {
    const title = (rounds: number) =>
      (
        chartSpec({ ...SAMPLE_RESULTS, timing: { ...SAMPLE_RESULTS.timing, rounds } }) as {
          title: { text: string };
        }
      ).title.text;
    expect(title(3)).toBe('yrpc bench (quick): median of 3 rounds');
    expect(title(1)).toBe('yrpc bench (quick): median of 1 round');
  });

  it('draws a flow run with a failed target the same way', async () => {
    const svg = await renderChartSvg(FLOW_RESULTS);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expectLogBars(svg, 0, FLOW_RESULTS, 'callsPerSecond');
    expectLogBars(svg, 1, FLOW_RESULTS, 'p99Us');
  });

  it('committed results/quick/chart.svg is the chart of the committed results.json', async () => {
    const dir = new URL('../results/quick/', import.meta.url);
    const results = JSON.parse(
      await readFile(new URL('results.json', dir), 'utf8'),
    ) as BenchResults;
    const committed = await readFile(new URL('chart.svg', dir), 'utf8');
    expect(committed).not.toMatch(/NaN/);
    expect(committed).toBe(await renderChartSvg(results));
    expectLogBars(committed, 0, results, 'callsPerSecond');
  });
});
