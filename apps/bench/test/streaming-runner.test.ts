import { describe, expect, it } from 'vitest';
import { buildStreamingPlan } from '../src/plan/streaming-scenario.js';
import type { ProgressReporter } from '../src/report/progress-reporter.js';
import type { FeedRoundRequest } from '../src/run/feed-round-runner.js';
import { runStreamingPlan } from '../src/run/streaming-runner.js';
import type { FeedTarget } from '../src/targets/feed-registry.js';
import { feedRound } from './streaming-samples.js';

const MiB = 1024 * 1024;

const unusedLoader = async () => {
  throw new Error('the runner must not load targets itself');
};

const REGISTRY: readonly FeedTarget[] = ['yrpc', 'raw', 'grpc-js'].map((name) => ({
  name,
  description: name,
  usesWindows: name === 'yrpc',
  loadServer: unusedLoader,
  loadClient: unusedLoader,
}));

function recordingProgress() {
  const notes: string[] = [];
  let total = 0;
  let advanced = 0;
  const progress: ProgressReporter = {
    start: (count) => {
      total = count;
    },
    step: () => {},
    advance: () => {
      advanced++;
    },
    note: (message) => notes.push(message),
    stop: () => {},
  };
  return { progress, notes, counts: () => ({ total, advanced }) };
}

/** Messages/s per target: yrpc 1k, raw 2k, grpc-js 100 (64 KiB: a tenth of that). */
const RATES: Record<string, number> = { yrpc: 1000, raw: 2000, 'grpc-js': 100 };

describe('runStreamingPlan', () => {
  it('interleaves targets round by round, then paces each slow consumer by its own producer', async () => {
    const plan = buildStreamingPlan({ rounds: 2 });
    const requests: FeedRoundRequest[] = [];
    const execute = async (request: FeedRoundRequest) => {
      requests.push(request);
      if (request.target === 'grpc-js' && request.id === 'stream-p16' && request.round === 1) {
        throw new Error('stalled: no message of 16 B within 10000 ms');
      }
      const rate = (RATES[request.target] ?? 1) / (request.payloadSize > 16 ? 10 : 1);
      const note = request.paceUs > 0 && request.target === 'raw' ? 'late end' : undefined;
      return feedRound(request.round, rate, request.payloadSize, {
        paceUs: request.paceUs,
        ...(note !== undefined && { note }),
      });
    };
    const { progress, notes, counts } = recordingProgress();
    const results = await runStreamingPlan(
      plan,
      ['grpc-js', 'yrpc', 'raw'],
      'pnpm bench --scenario streaming',
      progress,
      { executeRound: execute, registry: REGISTRY },
    );
    expect(counts()).toEqual({ total: 18, advanced: 18 });
    expect(requests.map((request) => `${request.id}:${request.target}#${request.round}`)).toEqual([
      'stream-p16:yrpc#0',
      'stream-p16:raw#0',
      'stream-p16:grpc-js#0',
      'stream-p16:yrpc#1',
      'stream-p16:raw#1',
      'stream-p16:grpc-js#1',
      'stream-p65536:yrpc#0',
      'stream-p65536:raw#0',
      'stream-p65536:grpc-js#0',
      'stream-p65536:yrpc#1',
      'stream-p65536:raw#1',
      'stream-p65536:grpc-js#1',
      'slow-p65536:yrpc#0',
      'slow-p65536:raw#0',
      'slow-p65536:grpc-js#0',
      'slow-p65536:yrpc#1',
      'slow-p65536:raw#1',
      'slow-p65536:grpc-js#1',
    ]);
    // Throughput: no pace, the default windows for yrpc only, the scenario's timing.
    const first = requests[0];
    expect(first).toMatchObject({ paceUs: 0, warmupMs: 300, durationMs: 1000 });
    expect(first?.flowControl).toEqual({ streamWindow: 32 * MiB, connectionWindow: 64 * MiB });
    expect(requests[1]?.flowControl).toBeUndefined();
    // Slow consumer: 10× the producer's time per 64 KiB message, the 16 MiB window for yrpc, no
    // warm-up, and rounds long enough to fill the window twice at the producer's rate.
    const slow = requests.filter((request) => request.id === 'slow-p65536');
    expect(slow.map((request) => [request.target, Math.round(request.paceUs)])).toEqual([
      ['yrpc', 100_000],
      ['raw', 50_000],
      ['grpc-js', 1_000_000],
      ['yrpc', 100_000],
      ['raw', 50_000],
      ['grpc-js', 1_000_000],
    ]);
    // yrpc: 100 × 64 KiB/s fills 16 MiB at 90 % of that in 2.84 s; twice that.
    const yrpcRoundMs = Math.round(((2 * 16 * MiB) / (0.9 * 100 * 64 * 1024)) * 1000);
    expect(yrpcRoundMs).toBe(5689);
    expect(slow[0]).toMatchObject({ warmupMs: 0, durationMs: yrpcRoundMs });
    // raw is twice as fast (2.84 s, under the 3 s minimum); grpc-js ten times slower: the 8 s cap.
    expect(slow.slice(1, 3).map((request) => request.durationMs)).toEqual([3000, 8000]);
    expect(slow[0]?.flowControl).toEqual({ streamWindow: 16 * MiB, connectionWindow: 32 * MiB });
    expect(slow[1]?.flowControl).toBeUndefined();

    expect(notes).toContain(
      'grpc-js · server stream · 16 B messages · round 2/2 failed: stalled: no message of 16 B within 10000 ms',
    );
    expect(notes).toContain(
      'raw · slow consumer (10× slower) · 64 KiB messages · round 1/2: late end',
    );
    const [small] = results.throughput;
    const yrpc = small?.targets.find((entry) => entry.target === 'yrpc');
    expect(yrpc?.ratios.vsLimit).toMatchObject({ median: 0.5, n: 2 });
    // Only round 0 of grpc-js completed: one paired ratio.
    expect(yrpc?.ratios.vsGrpc).toMatchObject({ median: 10, n: 1 });
    expect(small?.targets.find((entry) => entry.target === 'grpc-js')?.failures).toEqual([
      'round 2: stalled: no message of 16 B within 10000 ms',
    ]);
    expect(results.slowConsumer.targets.map((entry) => entry.target)).toEqual([
      'yrpc',
      'raw',
      'grpc-js',
    ]);
    expect(results.slowConsumer.targets[0]).toMatchObject({
      producerMessagesPerSecond: 100,
      roundMs: 5689,
    });
    expect(results.windows.slowConsumer.streamWindow).toBe(16 * MiB);
    expect(results.goals.map((goal) => goal.key)).toEqual([
      'small-vs-raw',
      'large-vs-raw',
      'small-vs-grpc',
      'slow-rss',
    ]);
    expect(results.environment.loadAverages?.start).toHaveLength(3);
    expect(results.environment.nodeFlags).toBeUndefined();
    expect(results.mode).toBe('streaming');
  });

  it('gives every stream, slow consumer included, the Node flags and records them', async () => {
    const nodeFlags = ['--max-semi-space-size=64', '--max-old-space-size=512'];
    const seen = new Set<readonly string[] | undefined>();
    const ids = new Set<string>();
    const execute = async (request: FeedRoundRequest) => {
      seen.add(request.nodeFlags);
      ids.add(request.id);
      return feedRound(request.round, 100, request.payloadSize, { paceUs: request.paceUs });
    };
    const results = await runStreamingPlan(
      buildStreamingPlan({ rounds: 1 }),
      ['yrpc', 'raw'],
      'pnpm bench',
      recordingProgress().progress,
      { executeRound: execute, registry: REGISTRY, nodeFlags },
    );
    expect([...ids]).toEqual(['stream-p16', 'stream-p65536', 'slow-p65536']);
    expect([...seen]).toEqual([nodeFlags]);
    expect(results.environment.nodeFlags).toEqual(nodeFlags);
  });

  it('falls back to 1 ms per message and the shortest round when a producer was never measured', async () => {
    const plan = buildStreamingPlan({ rounds: 1 });
    const slow: FeedRoundRequest[] = [];
    const execute = async (request: FeedRoundRequest) => {
      if (request.paceUs > 0) slow.push(request);
      if (request.id === 'stream-p65536') throw new Error('connection refused');
      return feedRound(request.round, 10, request.payloadSize);
    };
    const { progress } = recordingProgress();
    await runStreamingPlan(plan, ['yrpc'], 'pnpm bench', progress, {
      executeRound: execute,
      registry: REGISTRY,
    });
    expect(slow.map((request) => [request.paceUs, request.durationMs])).toEqual([[1000, 3000]]);
  });
});
