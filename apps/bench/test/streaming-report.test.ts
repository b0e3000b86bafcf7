import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStreamingPlan } from '../src/plan/streaming-scenario.js';
import type { ProgressReporter } from '../src/report/progress-reporter.js';
import {
  goalRows,
  renderStreamingMarkdown,
  renderStreamingTables,
  slowConsumerRows,
  streamingHeadline,
  throughputRows,
  writeStreamingReports,
} from '../src/report/streaming-report.js';
import type { StreamingResults } from '../src/results/streaming-results.js';
import type { FeedRoundRequest } from '../src/run/feed-round-runner.js';
import { runStreamingPlan } from '../src/run/streaming-runner.js';
import type { FeedTarget } from '../src/targets/feed-registry.js';
import { feedRound } from './streaming-samples.js';

const MiB = 1024 * 1024;

const REGISTRY: readonly FeedTarget[] = ['yrpc', 'raw', 'grpc-js'].map((name) => ({
  name,
  description: `${name} feed`,
  usesWindows: name === 'yrpc',
  loadServer: async () => {
    throw new Error('unused');
  },
  loadClient: async () => {
    throw new Error('unused');
  },
}));

const SILENT: ProgressReporter = {
  start: () => {},
  step: () => {},
  advance: () => {},
  note: () => {},
  stop: () => {},
};

/** yrpc at 90 % of raw and 25× grpc-js; its server sampled late once; 20 MiB growth slow. */
async function sampleResults(): Promise<StreamingResults> {
  const rates: Record<string, number> = { yrpc: 90_000, raw: 100_000, 'grpc-js': 3_600 };
  return runStreamingPlan(
    buildStreamingPlan({ rounds: 2 }),
    ['yrpc', 'raw', 'grpc-js'],
    'pnpm bench --scenario streaming',
    SILENT,
    {
      registry: REGISTRY,
      executeRound: async (request: FeedRoundRequest) => {
        const rate = (rates[request.target] ?? 1) / (request.payloadSize > 16 ? 100 : 1);
        const late = request.target === 'yrpc' && request.round === 1 && request.paceUs === 0;
        const slowYrpc = request.target === 'yrpc' && request.paceUs > 0;
        return feedRound(
          request.round,
          request.paceUs > 0 ? rate / 10 : rate,
          request.payloadSize,
          {
            paceUs: request.paceUs,
            ...(late && { serverCpuUsPerMessage: undefined, serverSampleLagMs: 2500 }),
            ...(slowYrpc && {
              backlogBytes: 16 * MiB,
              serverRss: { atStartKiB: 60_000, peakKiB: 80_480, growthKiB: 20_480, samples: 300 },
            }),
          },
        );
      },
    },
  );
}

describe('the streaming report', () => {
  it('sums the run up in three lines: ratios per message size and the slow consumer', async () => {
    const lines = streamingHeadline(await sampleResults());
    expect(lines[0]).toBe('yrpc ÷ raw (MB/s): 16 B 0.90× (0.90–0.90) · 64 KiB 0.90× (0.90–0.90)');
    expect(lines[1]).toBe(
      'yrpc ÷ grpc-js (messages/s): 16 B 25.0× (25.0–25.0) · 64 KiB 25.0× (25.0–25.0)',
    );
    expect(lines[2]).toBe(
      'yrpc slow consumer (10× slower): producer RSS growth 20.0 MiB at most (median 20.0 MiB) ' +
        'with a 16 MiB stream window (connection window 32 MiB): 1.25× the window; ' +
        'produced − taken at the end: 16.0 MiB at most',
    );
  });

  it('shows each target, a late server CPU sample as n/a, and the ratios', async () => {
    const rows = throughputRows(await sampleResults());
    expect(rows).toHaveLength(6);
    const [yrpc, raw] = rows;
    expect(yrpc?.slice(0, 4)).toEqual([
      'server stream · 16 B messages',
      'yrpc',
      '90.0k ±0%',
      '1.4 MB/s ±0%',
    ]);
    // One of two rounds was sampled late: the median of the other.
    expect(yrpc?.[4]).toBe('2.00 / 1.00');
    expect(yrpc?.slice(7)).toEqual(['0.90× (0.90–0.90)', '25.0× (25.0–25.0)']);
    expect(raw?.slice(7)).toEqual(['—', '27.8× (27.8–27.8)']);
  });

  it('gives the slow consumer its pace, backlog and growth against the window', async () => {
    const rows = slowConsumerRows(await sampleResults());
    expect(rows.map((row) => row[0])).toEqual(['yrpc', 'raw', 'grpc-js']);
    expect(rows[0]?.[1]).toMatch(/^11\.11 ms\/message · \d/);
    expect(rows[0]?.[1]).toContain('(900/s ÷ 10)');
    expect(rows[0]?.slice(3, 6)).toEqual([
      '16.0 MiB (max 16.0)',
      '20.0 MiB (max 20.0)',
      '1.25× (max) of 16 MiB',
    ]);
    expect(rows[1]?.[5]).toBe('— (no yrpc window)');
  });

  it('checks the goals and prints the load average with the tables', async () => {
    const results = await sampleResults();
    expect(goalRows(results)).toEqual([
      ['yrpc ÷ raw, 16 B messages, MB/s', '0.90× (0.90–0.90)', '≥ 0.8×', 'met'],
      ['yrpc ÷ raw, 64 KiB messages, MB/s', '0.90× (0.90–0.90)', '≥ 0.8×', 'met'],
      ['yrpc ÷ grpc-js, 16 B messages, messages/s', '25.0× (25.0–25.0)', '≥ 20×', 'met'],
      [
        'yrpc producer RSS growth with a 10× slower consumer, × stream window',
        '1.25× (worst round; median 1.25×)',
        '≤ 2×',
        'met',
      ],
    ]);
    const text = renderStreamingTables(results);
    expect(text).toMatch(/load average: [\d.]+ \/ [\d.]+ \/ [\d.]+ at start → /);
    expect(text).toContain('yrpc stream window 16 MiB');
  });

  it('writes results.json and summary.md', async () => {
    const results = await sampleResults();
    const dir = await mkdtemp(join(tmpdir(), 'bench-streaming-'));
    try {
      const written = await writeStreamingReports(results, join(dir, 'streaming'));
      const stored = JSON.parse(await readFile(written.json, 'utf8')) as StreamingResults;
      expect(stored.mode).toBe('streaming');
      expect(stored.windows.throughput.streamWindow).toBe(32 * MiB);
      const markdown = await readFile(written.markdown, 'utf8');
      expect(markdown).toBe(renderStreamingMarkdown(results));
      expect(markdown).toContain('# yrpc benchmark: streaming scenario');
      expect(markdown).toContain('throughput stream 32 MiB, connection 64 MiB (its defaults)');
      expect(markdown).toContain('slow consumer stream 16 MiB, connection 32 MiB');
      expect(markdown).toContain(
        '| yrpc ÷ raw, 16 B messages, MB/s | 0.90× (0.90–0.90) | ≥ 0.8× | met |',
      );
      expect(markdown).not.toContain('Node flags');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the Node flags after the load average when the run gave some', async () => {
    const results = await sampleResults();
    const flagged = {
      ...results,
      environment: { ...results.environment, nodeFlags: ['--min-semi-space-size=16'] },
    };
    const machine = renderStreamingMarkdown(flagged)
      .split('\n')
      .find((line) => line.startsWith('Machine:'));
    expect(machine).toMatch(
      / at end \(1 \/ 5 \/ 15 min\)\. Node flags for every measured process: --min-semi-space-size=16\. Server and client /,
    );
  });
});
