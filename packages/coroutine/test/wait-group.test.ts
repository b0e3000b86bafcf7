import { describe, expect, it } from 'vitest';
import { CoroutineError, run, spawn, WaitGroup, yieldNow } from '../src/index.js';

describe('WaitGroup', () => {
  it('waits until every worker is done', async () => {
    const group = new WaitGroup();
    const log: string[] = [];
    await run(function* () {
      for (let i = 0; i < 3; i++) {
        group.add();
        yield* spawn(function* () {
          yield* yieldNow();
          log.push(`w${i}`);
          group.done();
        });
      }
      yield* group.wait();
      log.push('all done');
    });
    expect(log).toEqual(['w0', 'w1', 'w2', 'all done']);
  });

  it('returns at once at zero and rejects going negative', async () => {
    const group = new WaitGroup();
    await run(group.wait());
    expect(() => group.done()).toThrow(CoroutineError);
    expect(() => group.add(0.5)).toThrow(CoroutineError);
    expect(group.count).toBe(0);
  });
});
