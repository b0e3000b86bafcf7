import { describe, expect, it } from 'vitest';
import {
  buildStreamingPlan,
  DEFAULT_STREAM_WINDOW,
  estimateStreamingSeconds,
  MAX_SLOW_CONSUMER_MS,
  STREAMING_SCENARIO,
  slowConsumerPaceUs,
  slowConsumerRoundMs,
  streamingRoundCount,
  YRPC_DEFAULT_WINDOWS,
} from '../src/plan/streaming-scenario.js';
import { FEED_TARGET_NAMES } from '../src/targets/feed-registry.js';
import { TARGET_NAMES } from '../src/targets/target-registry.js';

const MiB = 1024 * 1024;

describe('the streaming scenario plan', () => {
  it('streams 16 B and 64 KiB messages, then a 10× slower consumer of 64 KiB messages', () => {
    const plan = buildStreamingPlan();
    expect(plan.mode).toBe('streaming');
    expect(plan.throughput.map((entry) => [entry.id, entry.label])).toEqual([
      ['stream-p16', 'server stream · 16 B messages'],
      ['stream-p65536', 'server stream · 64 KiB messages'],
    ]);
    expect(plan.slowConsumer).toEqual({
      payloadSize: 64 * 1024,
      slowdown: 10,
      fallbackPaceUs: 1000,
    });
  });

  it("runs yrpc's default windows for throughput and a 16 MiB stream window for the slow consumer", () => {
    const plan = buildStreamingPlan();
    expect(plan.windows.throughput).toEqual(YRPC_DEFAULT_WINDOWS);
    expect(YRPC_DEFAULT_WINDOWS).toEqual({ streamWindow: 32 * MiB, connectionWindow: 64 * MiB });
    expect(DEFAULT_STREAM_WINDOW).toBe(16 * MiB);
    expect(plan.windows.slowConsumer).toEqual({
      streamWindow: 16 * MiB,
      connectionWindow: 32 * MiB,
    });
    expect(buildStreamingPlan({}, 24 * MiB).windows.slowConsumer).toEqual({
      streamWindow: 24 * MiB,
      connectionWindow: 48 * MiB,
    });
  });

  it('applies timing overrides; the shortest slow-consumer round is three measured windows', () => {
    expect(buildStreamingPlan().timing).toEqual({
      rounds: 3,
      warmupMs: 300,
      durationMs: 1000,
      slowConsumerMs: 3000,
      stallTimeoutMs: 10_000,
      drainTimeoutMs: 2_000,
    });
    const plan = buildStreamingPlan({ rounds: 1, durationMs: 500, warmupMs: 0 });
    expect(plan.timing).toMatchObject({
      rounds: 1,
      warmupMs: 0,
      durationMs: 500,
      slowConsumerMs: 1500,
    });
  });

  it('runs only targets with a streaming implementation, each known to the registry', () => {
    expect(STREAMING_SCENARIO.defaultTargets).toEqual(['yrpc', 'raw', 'grpc-js']);
    expect(FEED_TARGET_NAMES).toEqual(['yrpc', 'raw', 'grpc-js']);
    for (const target of FEED_TARGET_NAMES) expect(TARGET_NAMES).toContain(target);
  });
});

describe('the slow consumer', () => {
  const plan = buildStreamingPlan();

  it('waits ten times the producer’s time per message', () => {
    expect(slowConsumerPaceUs(plan.slowConsumer, 10_000)).toBeCloseTo(1000);
    expect(slowConsumerPaceUs(plan.slowConsumer, 250)).toBeCloseTo(40_000);
  });

  it('falls back to 1 ms per message without a usable producer rate', () => {
    for (const rate of [undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(slowConsumerPaceUs(plan.slowConsumer, rate)).toBe(1000);
    }
  });

  it('lasts long enough for the producer to fill the window twice, within bounds', () => {
    // 600 MB/s fills 16 MiB at 540 MB/s net in ~31 ms: the 3 s minimum applies.
    expect(slowConsumerRoundMs(plan, 600e6)).toBe(3000);
    // 4 MB/s: 16 MiB ÷ 3.6 MB/s = 4.66 s, twice that is over the cap.
    expect(slowConsumerRoundMs(plan, 4e6)).toBe(MAX_SLOW_CONSUMER_MS);
    // 8 MB/s: 16 MiB ÷ 7.2 MB/s = 2.33 s, twice that 4.66 s.
    expect(slowConsumerRoundMs(plan, 8e6)).toBe(Math.round((2 * 16 * MiB) / 7.2e3));
    expect(slowConsumerRoundMs(plan, undefined)).toBe(3000);
    expect(slowConsumerRoundMs(plan, 0)).toBe(3000);
  });

  it('never shortens a minimum set above the cap', () => {
    const long = buildStreamingPlan({ durationMs: 5000 });
    expect(slowConsumerRoundMs(long, 1e6)).toBe(15_000);
  });
});

describe('the time budget', () => {
  it('counts a server and a client process per round', () => {
    expect(streamingRoundCount(buildStreamingPlan(), 3)).toBe(27);
    expect(streamingRoundCount(buildStreamingPlan({ rounds: 1 }), 2)).toBe(6);
  });

  it('keeps three targets under 3 minutes, even with the longest slow-consumer rounds', () => {
    const plan = buildStreamingPlan();
    // ~2 s per round to start two Node processes and tear them down on this machine.
    expect(estimateStreamingSeconds(plan, 3, 2)).toBeCloseTo(18 * 3.3 + 9 * 5);
    expect(estimateStreamingSeconds(plan, 3, 2, MAX_SLOW_CONSUMER_MS)).toBeLessThan(180);
  });
});
