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
import { echo } from './echo-call.js';

/** An opt-in target, measured against a baseline target (yrpc unless given), on a goal or not. */
export interface OptInTarget {
  readonly name: string;
  /** What its registry entry must load. */
  readonly startEchoServer: EchoServerFactory;
  readonly connectEchoClient: EchoClientFactory;
  /** The target it is compared with, run next to it: `yrpc` unless given. */
  readonly baseline?: string;
  /** A run of it next to its baseline at 64 in flight · 16 B (see `withOptInTargets`). */
  readonly results: BenchResults;
  /** Its row in that run's summary, up to the calls/s. */
  readonly row: string;
  /** Its goals' rows in that run's summary; none for a goal-free comparison. */
  readonly goalRows?: readonly string[];
  /**
   * What the README's command adds to `--targets BASELINE,NAME --payloads 16 --concurrency 64`.
   */
  readonly commandArgs?: readonly string[];
  /** The configuration that command selects: 64 in flight · 16 B on `connections` (default 1). */
  readonly connections?: number;
  /**
   * Whether its server and client answer echo calls when started here (default true); the
   * yrpc-cluster server forks workers that need the harness's flags, its own test runs them.
   */
  readonly loopback?: boolean;
}

/** `names` in registry order, the order `--targets` ends up in. */
function inRegistryOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => TARGET_NAMES.indexOf(a) - TARGET_NAMES.indexOf(b));
}

/**
 * What every opt-in target must do: be registered and ready, run only when `--targets` names it,
 * be selected with its baseline on the goal configuration by the command the README gives, serve
 * and answer echo calls over loopback, and have its rows in every report and its goals in the
 * summary.
 */
export function describeOptInTarget(target: OptInTarget): void {
  const baseline = target.baseline ?? 'yrpc';
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
          `${baseline},${target.name}`,
          '--payloads',
          '16',
          '--concurrency',
          '64',
          ...(target.commandArgs ?? []),
        ],
        '/',
      );
      expect(options.targets).toEqual(inRegistryOrder([baseline, target.name]));
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

    if (target.loopback !== false) {
      it('serves and answers echo calls over loopback', async () => {
        const server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
        try {
          const connection = await target.connectEchoClient({
            host: '127.0.0.1',
            port: server.port,
            payloadSize: 16,
            concurrency: 8,
          });
          try {
            // Empty, small and 64 KiB, then 8 distinct 16 B calls in flight at once.
            for (const size of [0, 16, 64 * 1024]) {
              const payload = Buffer.alloc(size, size & 0xff);
              expect(Buffer.compare(await echo(connection, payload), payload)).toBe(0);
            }
            const payloads = Array.from({ length: 8 }, (_, i) => Buffer.alloc(16, i + 1));
            const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
            expect(replies.map((reply) => Buffer.from(reply))).toEqual(payloads);
          } finally {
            await connection.close();
          }
        } finally {
          await server.close();
        }
      }, 30_000);
    }

    it('has its rows in every report, and its goals (if it has any) in the summary', async () => {
      const markdown = renderMarkdownSummary(target.results);
      expect(markdown).toContain(target.row);
      for (const goalRow of target.goalRows ?? []) expect(markdown).toContain(goalRow);
      expect(renderTable(target.results)).toContain(target.name);
      expect(await renderChartSvg(target.results)).toContain(target.name);
    });
  });
}
