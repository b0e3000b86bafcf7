import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import { parseBenchOptions } from '../src/cli/bench-options.js';
import { buildBenchPlan } from '../src/plan/bench-plan.js';
import { renderChartSvg } from '../src/report/chart-report.js';
import { renderMarkdownSummary } from '../src/report/markdown-report.js';
import { renderTable } from '../src/report/table-report.js';
import type { BenchResults } from '../src/results/bench-results.js';
import type { EchoClientFactory, EchoServerFactory } from '../src/targets/echo-target.js';
import {
  DEFAULT_TARGET_NAMES,
  findTarget,
  requireReadyTarget,
  TARGET_NAMES,
} from '../src/targets/target-registry.js';

/** An opt-in variant of the yrpc target, measured against yrpc on one goal. */
export interface OptInTarget {
  readonly name: string;
  /** What its registry entry must load. */
  readonly startEchoServer: EchoServerFactory;
  readonly connectEchoClient: EchoClientFactory;
  /** A run of it next to yrpc at 64 in flight · 16 B (see `withOptInRounds`). */
  readonly results: BenchResults;
  /** Its row in that run's summary, up to the calls/s. */
  readonly row: string;
  /** Its goal's row in that run's summary; none for a goal-free comparison. */
  readonly goalRow?: string;
  /** What the README's command adds to `--targets yrpc,NAME --payloads 16 --concurrency 64`. */
  readonly commandArgs?: readonly string[];
  /** The configuration that command selects: 64 in flight · 16 B on `connections` (default 1). */
  readonly connections?: number;
}

/**
 * What every opt-in yrpc variant must do: be registered and ready, run only when `--targets`
 * names it, be selected on the goal configuration by the command the README gives, and have its
 * rows in every report and its goal in the summary.
 */
export function describeOptInTarget(target: OptInTarget): void {
  describe(`${target.name} target`, () => {
    it('is registered, ready, and run only when --targets names it', async () => {
      const entry = requireReadyTarget(target.name);
      expect(entry.optIn).toBe(true);
      expect(await entry.loadServer()).toBe(target.startEchoServer);
      expect(await entry.loadClient()).toBe(target.connectEchoClient);
      expect(TARGET_NAMES).toEqual([
        'yrpc',
        'yrpc-interceptors',
        'yrpc-unconverted',
        'yrpc-traced',
        'yrpc-cluster',
        'yrpc-round-robin',
        'grpc-js-to-yrpc',
        'yrpc-grpc-client',
        'yrpc-detecting',
        'net',
        'raw',
        'grpc-js',
      ]);
      expect(DEFAULT_TARGET_NAMES).not.toContain(target.name);
      expect(findTarget('yrpc')).not.toHaveProperty('optIn');
      expect(parseBenchOptions(['--quick'], '/').targets).toEqual([
        'yrpc',
        'net',
        'raw',
        'grpc-js',
      ]);
    });

    it('is selected by the documented command, on the compared configuration', () => {
      const options = parseBenchOptions(
        [
          '--targets',
          `yrpc,${target.name}`,
          '--payloads',
          '16',
          '--concurrency',
          '64',
          ...(target.commandArgs ?? []),
        ],
        '/',
      );
      expect(options.targets).toEqual(['yrpc', target.name]);
      const plan = buildBenchPlan(options.quick, options, {});
      expect(plan.configurations.map((configuration) => configuration.id)).toEqual([
        `c64-p16-n${target.connections ?? 1}`,
      ]);
      expect(
        parseBenchOptions(['--scenario', 'flow', '--targets', `${target.name},yrpc,raw`], '/')
          .targets,
      ).toEqual(['yrpc', target.name, 'raw']);
      // No streaming implementation: the streaming scenario refuses it like net.
      expect(() =>
        parseBenchOptions(['--scenario', 'streaming', '--targets', target.name], '/'),
      ).toThrow(BenchError);
    });

    it('has its rows in every report, and its goal (if it has one) in the summary', async () => {
      const markdown = renderMarkdownSummary(target.results);
      expect(markdown).toContain(target.row);
      if (target.goalRow !== undefined) expect(markdown).toContain(target.goalRow);
      expect(renderTable(target.results)).toContain(target.name);
      expect(await renderChartSvg(target.results)).toContain(target.name);
    });
  });
}
