import { describe, expect, it } from 'vitest';
import { buildStreamingPlan, feedConfiguration } from '../src/plan/streaming-scenario.js';
import type { FeedRoundMeasurement } from '../src/results/streaming-results.js';
import {
  assembleFeedConfiguration,
  assembleSlowConsumer,
  checkStreamingGoals,
  feedRatios,
  producerRate,
  summarizeFeedRounds,
} from '../src/stats/streaming-figures.js';
import { feedRound } from './streaming-samples.js';

const KiB = 1024;
const MiB = 1024 * KiB;

function rounds(rates: readonly number[], payloadSize: number): FeedRoundMeasurement[] {
  return rates.map((rate, round) => feedRound(round, rate, payloadSize));
}

describe('feedRatios', () => {
  it('divides MB/s round by round by the raw limit and by grpc-js, skipping missing rounds', () => {
    const yrpc = rounds([800, 900, 1000], 16);
    const raw = [feedRound(0, 1000, 16), feedRound(2, 2000, 16)];
    const grpc = rounds([10, 20, 40], 16);
    const ratios = feedRatios('yrpc', yrpc, raw, grpc);
    expect(ratios.vsLimit).toMatchObject({ median: 0.65, min: 0.5, max: 0.8, n: 2 });
    expect(ratios.vsGrpc).toMatchObject({ median: 45, min: 25, max: 80, n: 3 });
  });

  it('compares no target with itself and leaves out baselines not measured', () => {
    expect(feedRatios('raw', rounds([1, 2], 16), rounds([1, 2], 16), undefined)).toEqual({});
    const grpc = feedRatios('grpc-js', rounds([1], 16), rounds([4], 16), rounds([1], 16));
    expect(grpc.vsGrpc).toBeUndefined();
    expect(grpc.vsLimit?.median).toBe(0.25);
  });
});

describe('summarizeFeedRounds', () => {
  it('summarises each figure, leaving out server CPU figures of rounds sampled late', () => {
    const measured = [
      feedRound(0, 100, 16, { serverCpuUsPerMessage: 3 }),
      feedRound(1, 300, 16, { serverCpuUsPerMessage: undefined, serverSampleLagMs: 900 }),
      feedRound(2, 200, 16, { serverCpuUsPerMessage: 5, serverRss: undefined }),
    ];
    const summary = summarizeFeedRounds(measured);
    expect(summary?.messagesPerSecond).toMatchObject({ median: 200, min: 100, max: 300 });
    expect(summary?.serverCpuUsPerMessage).toMatchObject({ median: 4, n: 2 });
    expect(summary?.serverRssGrowthKiB).toMatchObject({ median: 2048, n: 2 });
    expect(summary?.serverHeldAfterGcKiB).toBeUndefined();
    expect(summarizeFeedRounds([])).toBeUndefined();
    const noServer = summarizeFeedRounds([
      feedRound(0, 1, 16, { serverCpuUsPerMessage: undefined, serverRss: undefined }),
    ]);
    expect(noServer?.serverCpuUsPerMessage).toBeUndefined();
    expect(noServer?.serverRssGrowthKiB).toBeUndefined();
  });
});

describe('assembling a streaming run', () => {
  const small = feedConfiguration(16);
  const large = feedConfiguration(64 * KiB);

  function configuration(
    payloadSize: number,
    rates: Record<string, readonly number[]>,
    failures: Record<string, string[]> = {},
  ) {
    const byTarget = new Map(
      Object.entries(rates).map(([target, values]) => [target, rounds(values, payloadSize)]),
    );
    return assembleFeedConfiguration(
      payloadSize === 16 ? small : large,
      byTarget,
      new Map(Object.entries(failures)),
    );
  }

  it('reads the producer rate of a target from the throughput rounds of the payload size', () => {
    const throughput = [
      configuration(16, { yrpc: [5, 7, 6] }),
      configuration(64 * KiB, { yrpc: [100, 300, 200], raw: [1000] }),
    ];
    expect(producerRate(throughput, 64 * KiB, 'yrpc')).toEqual({
      messagesPerSecond: 200,
      bytesPerSecond: 200 * 64 * KiB,
    });
    expect(producerRate(throughput, 16, 'raw')).toBeUndefined();
    expect(producerRate(throughput, 4 * KiB, 'yrpc')).toBeUndefined();
  });

  it('checks the goals on yrpc: ratios by their median, RSS growth by the worst round', () => {
    const throughput = [
      configuration(16, {
        yrpc: [900, 850, 800],
        raw: [1000, 1000, 1000],
        'grpc-js': [40, 40, 40],
      }),
      configuration(64 * KiB, { yrpc: [500, 700, 600], raw: [1000, 1000, 1000] }),
    ];
    const growths = [8 * 1024, 20 * 1024, 33 * 1024];
    const slowRounds = new Map([
      [
        'yrpc',
        growths.map((growthKiB, round) =>
          feedRound(round, 30, 64 * KiB, {
            paceUs: 10_000,
            serverRss: { atStartKiB: 60_000, peakKiB: 60_000 + growthKiB, growthKiB, samples: 9 },
          }),
        ),
      ],
    ]);
    const slow = assembleSlowConsumer(
      buildStreamingPlan().slowConsumer,
      slowRounds,
      new Map(),
      new Map([['yrpc', { paceUs: 10_000, producerMessagesPerSecond: 600, roundMs: 3000 }]]),
    );
    expect(slow.targets[0]).toMatchObject({ target: 'yrpc', paceUs: 10_000, roundMs: 3000 });
    const window = { streamWindow: 16 * MiB, connectionWindow: 32 * MiB };
    const goals = checkStreamingGoals(throughput, slow, window);
    expect(goals.map((goal) => [goal.key, goal.status, goal.value?.median])).toEqual([
      ['small-vs-raw', 'met', 0.85],
      ['large-vs-raw', 'not met', 0.6],
      ['small-vs-grpc', 'met', 21.25],
      // 33 MiB ÷ 16 MiB = 2.06 in the worst round: not within 2×, though the median (1.25×) is.
      ['slow-rss', 'not met', 1.25],
    ]);
    expect(goals[3]?.value?.max).toBeCloseTo(33 / 16);
    const wider = checkStreamingGoals(throughput, slow, {
      streamWindow: 17 * MiB,
      connectionWindow: 34 * MiB,
    });
    expect(wider[3]?.status).toBe('met');
  });

  it('says "not measured" for a goal whose target or baseline has no rounds', () => {
    const throughput = [configuration(16, { yrpc: [] }, { yrpc: ['round 1: stalled'] })];
    const slow = assembleSlowConsumer(
      buildStreamingPlan().slowConsumer,
      new Map([['raw', rounds([10], 64 * KiB)]]),
      new Map(),
      new Map(),
    );
    expect(throughput[0]?.targets[0]).toMatchObject({
      failures: ['round 1: stalled'],
      ratios: {},
    });
    expect(throughput[0]?.targets[0]?.summary).toBeUndefined();
    const goals = checkStreamingGoals(throughput, slow, {
      streamWindow: 16 * MiB,
      connectionWindow: 32 * MiB,
    });
    expect(goals.map((goal) => goal.status)).toEqual([
      'not measured',
      'not measured',
      'not measured',
      'not measured',
    ]);
  });
});

describe('what the server holds after a full collection', () => {
  it('is its ArrayBuffer bytes after the collection minus those at the start of the stream', () => {
    const retained = (atStart: number, afterGc: number) => ({
      atStart: { rssKiB: 60_000, heapUsedKiB: 9_000, arrayBuffersKiB: atStart },
      afterGc: { rssKiB: 90_000, heapUsedKiB: 9_500, arrayBuffersKiB: afterGc },
    });
    const summary = summarizeFeedRounds([
      feedRound(0, 10, 64 * KiB, { serverRetained: retained(100, 164) }),
      feedRound(1, 10, 64 * KiB, { serverRetained: retained(100, 16_484) }),
      feedRound(2, 10, 64 * KiB),
    ]);
    expect(summary?.serverHeldAfterGcKiB).toMatchObject({
      median: 8_224,
      min: 64,
      max: 16_384,
      n: 2,
    });
  });
});
