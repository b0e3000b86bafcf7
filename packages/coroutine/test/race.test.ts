import { describe, expect, it } from 'vitest';
import { CoroutineError, race, run, sleep, suspend, yieldNow } from '../src/index.js';

describe('race', () => {
  it('returns the first value and halts the losers', async () => {
    const log: string[] = [];
    const winner = await run(
      race([
        function* () {
          try {
            yield* sleep(50);
            return 'slow';
          } finally {
            log.push('slow halted');
          }
        },
        function* () {
          yield* yieldNow();
          return 7;
        },
      ]),
    );
    expect(winner).toBe(7);
    expect(log).toEqual(['slow halted']);
  });

  it('throws the first error', async () => {
    const task = run(
      race([
        suspend(() => {}),
        function* () {
          yield* yieldNow();
          throw new Error('lost');
        },
      ]),
    );
    await expect(task.promise).rejects.toThrow('lost');
  });

  it('rejects an empty list', async () => {
    await expect(run(race([])).promise).rejects.toSatisfy((e) =>
      CoroutineError.is(e, 'invalid-argument'),
    );
  });
});
