import { describe, expect, it } from 'vitest';
import { renderMarkdownSummary } from '../src/report/markdown-report.js';
import { SAMPLE_RESULTS } from './sample-results.js';

describe('renderMarkdownSummary', () => {
  const markdown = renderMarkdownSummary(SAMPLE_RESULTS, 'chart.svg');

  it('states the command, the machine, the timing and the skipped targets', () => {
    expect(markdown).toContain('Command: `pnpm bench --quick`');
    expect(markdown).toContain('2 × Test CPU');
    expect(markdown).toContain('load average 1.5 → 2.3 during the run');
    expect(markdown).toContain('3 rounds of 1 s after 300 ms warm-up');
    expect(markdown).toContain('- net: skipped: not there yet');
    // Rounds written before the warm-up was recorded: nothing said about how long it lasted.
    expect(markdown).not.toContain('until the rate was steady');
  });

  it('names the Node flags on the machine line when the run gave some, and only then', () => {
    const machineLine = (text: string) =>
      text.split('\n').find((line) => line.startsWith('Machine:'));
    expect(machineLine(markdown)).not.toContain('Node flags');
    const results = {
      ...SAMPLE_RESULTS,
      environment: {
        ...SAMPLE_RESULTS.environment,
        nodeFlags: ['--min-semi-space-size=16', '--max-old-space-size=512'],
      },
    };
    expect(machineLine(renderMarkdownSummary(results))).toContain(
      'load average 1.5 → 2.3 during the run. Node flags for every measured process: ' +
        '--min-semi-space-size=16 --max-old-space-size=512. Server and client are separate',
    );
  });

  it('says how long the warm-ups lasted when the rounds recorded it', () => {
    const lasted = [900, 1200, 3100];
    let next = 0;
    const results = {
      ...SAMPLE_RESULTS,
      configurations: SAMPLE_RESULTS.configurations.map((configuration) => ({
        ...configuration,
        targets: configuration.targets.map((target) => ({
          ...target,
          rounds: target.rounds.map((round) => ({
            ...round,
            warmupMs: lasted[next++ % lasted.length] as number,
          })),
        })),
      })),
    };
    const text = renderMarkdownSummary(results, 'chart.svg');
    expect(text).toContain(
      'after 300 ms warm-up at least, and on until the rate was steady (warm-ups lasted',
    );
    expect(text).toContain('3.1 s at most');
  });

  it('has one table row per configuration and target with the round-by-round ratios', () => {
    const rows = markdown.split('\n').filter((line) => line.startsWith('| 64 in flight'));
    expect(rows).toHaveLength(5);
    const yrpc = rows.find((row) => row.includes('| yrpc |'));
    // 400k/5k, 380k/4k, 420k/6k → 80, 95, 70: median 80; against raw 0.571, 0.633, 0.553.
    expect(yrpc).toContain('400.0k ±5%');
    expect(yrpc).toContain('80.0× (70.0–95.0)');
    expect(yrpc).toContain('0.57× (0.55–0.63)');
    expect(rows.find((row) => row.includes('| grpc-js |') && row.includes('256 KiB'))).toContain(
      'failed: round 1: no call completed',
    );
  });

  it('checks the goals and links the chart', () => {
    expect(markdown).toContain(
      '| calls/s at 64 in flight, 16 B: at least 50× grpc-js | 80.0× (70.0–95.0) | met |',
    );
    expect(markdown).toContain(
      '| calls/s at 64 in flight, 16 B: at least 50% of the raw limit | 0.57× (0.55–0.63) | met |',
    );
    expect(markdown).toContain(
      '| MB/s at 64 in flight, 256 KiB: at least 80% of the raw limit | — | not measured |',
    );
    expect(markdown).toContain('![calls/s and p99 latency per configuration](chart.svg)');
  });
});
