import type { FeedRoundMeasurement } from '../src/results/streaming-results.js';

/** Fields to change; an optional field given as `undefined` is left out. */
export type FeedRoundOverrides = {
  [K in keyof FeedRoundMeasurement]?: FeedRoundMeasurement[K] | undefined;
};

/** A streaming round with the given rate and payload size; other figures fixed and plausible. */
export function feedRound(
  round: number,
  messagesPerSecond: number,
  payloadSize: number,
  overrides: FeedRoundOverrides = {},
): FeedRoundMeasurement {
  const measured: Record<string, unknown> = {
    round,
    messages: messagesPerSecond,
    bytes: messagesPerSecond * payloadSize,
    measuredMs: 1000,
    messagesPerSecond,
    bytesPerSecond: messagesPerSecond * payloadSize,
    mismatches: 0,
    clientCpuUsPerMessage: 2,
    serverCpuUsPerMessage: 1,
    serverSampleLagMs: 1,
    produced: messagesPerSecond + 10,
    takenTotal: messagesPerSecond,
    backlogBytes: 10 * payloadSize,
    serverEventLoopMaxDelayMs: 5,
    clientEventLoopMaxDelayMs: 4,
    serverRss: { atStartKiB: 60_000, peakKiB: 62_048, growthKiB: 2_048, samples: 100 },
    clientRss: { atStartKiB: 60_000, peakKiB: 61_024, growthKiB: 1_024, samples: 100 },
    serverMaxRssKiB: 70_000,
    clientMaxRssKiB: 70_000,
    connectMs: 3,
    paceUs: 0,
    ...overrides,
  };
  for (const key of ['serverCpuUsPerMessage', 'note'] as const) {
    if (measured[key] === undefined) delete measured[key];
  }
  return measured as unknown as FeedRoundMeasurement;
}
