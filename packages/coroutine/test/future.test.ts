import { describe, expect, it } from 'vitest';
import { Future, run, spawn } from '../src/index.js';

describe('Future', () => {
  it('wakes coroutines waiting on it and settles once', async () => {
    const future = new Future<number>();
    const result = await run(function* () {
      const waiter = yield* spawn(function* () {
        return (yield* future) + 1;
      });
      setTimeout(() => {
        future.resolve(41);
        future.resolve(0);
      }, 1);
      return yield* waiter;
    });
    expect(result).toBe(42);
    expect(future.settled).toBe(true);
    expect(await future).toBe(41);
    expect(await run(future)).toBe(41);
  });

  it('rejects waiters and awaiters', async () => {
    const future = new Future<number>();
    const task = run(function* () {
      return yield* future;
    });
    expect(future.reject(new Error('no'))).toBe(true);
    expect(future.resolve(1)).toBe(false);
    await expect(task.promise).rejects.toThrow('no');
    await expect(future.promise).rejects.toThrow('no');
  });
});
