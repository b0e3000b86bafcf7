import { describe, expect, it } from 'vitest';
import { CoroutineError, fromPromise, run, until } from '../src/index.js';

describe('until and fromPromise', () => {
  it('waits for a promise value', async () => {
    expect(await run(until(async () => 'hello'))).toBe('hello');
    expect(await run(fromPromise(Promise.resolve(3)))).toBe(3);
  });

  it('rethrows a rejection inside the coroutine', async () => {
    const result = await run(function* () {
      try {
        yield* until(() => Promise.reject(new Error('nope')));
        return 'no';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(result).toBe('nope');
  });

  it('aborts the signal with a halted error when the coroutine is halted', async () => {
    let signal: AbortSignal | undefined;
    const task = run(
      until((s) => {
        signal = s;
        return new Promise<never>(() => {});
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(signal?.aborted).toBe(false);
    await task.halt();
    expect(signal?.aborted).toBe(true);
    expect(CoroutineError.isHalt(signal?.reason)).toBe(true);
  });
});
