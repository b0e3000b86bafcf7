import { run, sleep } from '@yrpc/protocol';
import { describe, expect, it } from 'vitest';
import { awaited, valueOrEnd } from '../src/call/awaited.js';

describe('awaited', () => {
  it('resumes with the value or throws the error of the promise, started when it runs', async () => {
    let started = 0;
    const operation = awaited(() => {
      started++;
      return Promise.resolve(42);
    });
    expect(started).toBe(0);
    expect(await run(() => operation)).toBe(42);
    expect(started).toBe(1);
    const failing = awaited(() => Promise.reject(new TypeError('boom')));
    await expect(run(() => failing)).rejects.toThrow('boom');
  });

  it('tells `halted` when the coroutine is halted while it waits, and only then', async () => {
    let halted = 0;
    const task = run(function* () {
      yield* awaited(
        () => new Promise<never>(() => {}),
        () => halted++,
      );
    });
    await run(() => sleep(5));
    await task.halt();
    expect(halted).toBe(1);
    await run(() =>
      awaited(
        () => Promise.resolve(1),
        () => halted++,
      ),
    );
    expect(halted).toBe(1);
  });

  it('reads an iterator result as its value, undefined at the end', () => {
    expect(valueOrEnd({ done: false, value: 3 })).toBe(3);
    expect(valueOrEnd({ done: true, value: undefined })).toBeUndefined();
  });
});
