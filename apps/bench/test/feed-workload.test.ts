import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import type { FeedClientFactory, FeedConsumer } from '../src/targets/feed-target.js';
import { connectFeedClient } from '../src/targets/raw/raw-feed-client.js';
import { startFeedServer } from '../src/targets/raw/raw-feed-server.js';
import { type FeedWorkloadSpec, runFeedWorkload } from '../src/workload/feed-workload.js';

const SPEC: Omit<FeedWorkloadSpec, 'port'> = {
  host: '127.0.0.1',
  payloadSize: 16,
  warmupMs: 50,
  durationMs: 200,
  paceUs: 0,
  stallTimeoutMs: 2_000,
  drainTimeoutMs: 1_000,
  flowControl: undefined,
};

/** A client whose stream never delivers anything (or delivers `count` messages, then fails). */
function fakeClient(count: number, failure?: Error): FeedClientFactory {
  return async () => ({
    subscribe(payloadSize: number, consume: FeedConsumer) {
      let cancel: () => void = () => {};
      const ended = new Promise<Error | undefined>((resolve) => {
        cancel = () => resolve(undefined);
        for (let index = 0; index < count; index++) consume(payloadSize);
        if (failure !== undefined) setTimeout(() => resolve(failure), 20);
      });
      return { cancel: () => cancel(), ended };
    },
    close: async () => {},
  });
}

describe('runFeedWorkload', () => {
  it('counts what the consumer takes in the window after the warm-up, over the raw feed', async () => {
    const server = await startFeedServer({ host: '127.0.0.1', port: 0, flowControl: undefined });
    try {
      const hooks: string[] = [];
      const result = await runFeedWorkload(
        connectFeedClient,
        { ...SPEC, port: server.port },
        {
          onMeasureStart: () => hooks.push('start'),
          onMeasureEnd: () => hooks.push('end'),
        },
      );
      expect(hooks).toEqual(['start', 'end']);
      expect(result.messages).toBeGreaterThan(0);
      expect(result.bytes).toBe(result.messages * 16);
      expect(result.mismatches).toBe(0);
      expect(result.takenTotal).toBeGreaterThanOrEqual(result.messages);
      expect(result.measuredMs).toBeGreaterThanOrEqual(190);
      expect(result.rss?.atStartKiB).toBeGreaterThan(0);
      expect(result.eventLoopMaxDelayMs).toBeGreaterThanOrEqual(0);
      expect(result.note).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('paces the consumer: about one message per pace in the window', async () => {
    const server = await startFeedServer({ host: '127.0.0.1', port: 0, flowControl: undefined });
    try {
      const result = await runFeedWorkload(connectFeedClient, {
        ...SPEC,
        port: server.port,
        payloadSize: 64 * 1024,
        warmupMs: 0,
        durationMs: 500,
        paceUs: 20_000,
      });
      // 25 in 500 ms at 20 ms each; wide margins, timers on a loaded machine run late.
      expect(result.messages).toBeGreaterThanOrEqual(5);
      expect(result.messages).toBeLessThanOrEqual(27);
    } finally {
      await server.close();
    }
  });

  it('fails as stalled when no message comes', async () => {
    const run = runFeedWorkload(fakeClient(0), { ...SPEC, port: 1, stallTimeoutMs: 100 });
    await expect(run).rejects.toThrow(BenchError);
    await expect(run).rejects.toThrow('stalled: no message of 16 B within 100 ms');
  });

  it('fails when the stream ends before the window closed', async () => {
    const run = runFeedWorkload(fakeClient(3, new Error('UNAVAILABLE: server went away')), {
      ...SPEC,
      port: 1,
    });
    await expect(run).rejects.toThrow(
      'the stream ended before the window closed: UNAVAILABLE: server went away',
    );
  });
});
