import { describe, expect, it } from 'vitest';
import { call, type Operation, run, suspend, yieldNow } from '../src/index.js';

describe('call', () => {
  it('returns the value of a deeply nested call chain', async () => {
    function* depth(n: number): Operation<number> {
      if (n === 0) {
        yield* yieldNow();
        return 0;
      }
      return 1 + (yield* call(() => depth(n - 1)));
    }
    expect(await run(() => depth(10_000))).toBe(10_000);
  });

  it('propagates errors up the frame stack to a catch', async () => {
    function* fail(n: number): Operation<number> {
      if (n === 0) throw new Error('bottom');
      return yield* call(() => fail(n - 1));
    }
    const message = await run(function* () {
      try {
        yield* call(() => fail(50));
        return 'no';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(message).toBe('bottom');
  });

  it('runs every finally, innermost first, when halted deep in a call chain', async () => {
    const log: number[] = [];
    function* level(n: number): Operation<void> {
      try {
        if (n === 0) yield* suspend(() => {});
        else yield* call(() => level(n - 1));
      } finally {
        yield* yieldNow();
        log.push(n);
      }
    }
    const task = run(() => level(3));
    await new Promise((resolve) => setImmediate(resolve));
    await task.halt();
    expect(log).toEqual([0, 1, 2, 3]);
    expect(task.state).toBe('halted');
  });

  it('can run the same call operation twice', async () => {
    const op = call(function* () {
      yield* yieldNow();
      return 2;
    });
    expect(
      await run(function* () {
        return (yield* op) + (yield* op);
      }),
    ).toBe(4);
  });
});
