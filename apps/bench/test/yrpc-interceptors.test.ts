import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import { parseBenchOptions } from '../src/cli/bench-options.js';
import { buildBenchPlan } from '../src/plan/bench-plan.js';
import { renderChartSvg } from '../src/report/chart-report.js';
import { renderMarkdownSummary } from '../src/report/markdown-report.js';
import { renderTable } from '../src/report/table-report.js';
import {
  DEFAULT_TARGET_NAMES,
  findTarget,
  requireReadyTarget,
  TARGET_NAMES,
} from '../src/targets/target-registry.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-interceptors-client.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-interceptors-server.js';
import { withInterceptorRounds } from './sample-results.js';

describe('yrpc-interceptors target', () => {
  it('is registered, ready, and run only when --targets names it', async () => {
    const target = requireReadyTarget('yrpc-interceptors');
    expect(target.optIn).toBe(true);
    expect(await target.loadServer()).toBe(startEchoServer);
    expect(await target.loadClient()).toBe(connectEchoClient);
    expect(TARGET_NAMES).toEqual(['yrpc', 'yrpc-interceptors', 'net', 'raw', 'grpc-js']);
    expect(DEFAULT_TARGET_NAMES).not.toContain('yrpc-interceptors');
    expect(findTarget('yrpc')).not.toHaveProperty('optIn');
    expect(parseBenchOptions(['--quick'], '/').targets).toEqual(['yrpc', 'net', 'raw', 'grpc-js']);
  });

  it('is selected by the documented command, on the goal configuration', () => {
    const options = parseBenchOptions(
      ['--targets', 'yrpc,yrpc-interceptors', '--payloads', '16', '--concurrency', '64'],
      '/',
    );
    expect(options.targets).toEqual(['yrpc', 'yrpc-interceptors']);
    const plan = buildBenchPlan(options.quick, options, {});
    expect(plan.configurations.map((configuration) => configuration.id)).toEqual(['c64-p16-n1']);
    expect(
      parseBenchOptions(['--scenario', 'flow', '--targets', 'yrpc-interceptors,yrpc,raw'], '/')
        .targets,
    ).toEqual(['yrpc', 'yrpc-interceptors', 'raw']);
    // No streaming implementation: the streaming scenario refuses it like net.
    expect(() =>
      parseBenchOptions(['--scenario', 'streaming', '--targets', 'yrpc-interceptors'], '/'),
    ).toThrow(BenchError);
  });

  it('has its rows in every report, and the goal in the summary', async () => {
    const results = withInterceptorRounds([360_000, 361_000, 399_000]);
    const markdown = renderMarkdownSummary(results);
    expect(markdown).toContain('| 64 in flight · 16 B · 1 conn | yrpc-interceptors | 361.0k ±5% |');
    expect(markdown).toContain(
      '| calls/s at 64 in flight, 16 B with a no-op client and a no-op server interceptor: ' +
        "at least 90% of yrpc's | 0.95× (0.90–0.95) | met |",
    );
    expect(renderTable(results)).toContain('yrpc-interceptors');
    expect(await renderChartSvg(results)).toContain('yrpc-interceptors');
  });
});
