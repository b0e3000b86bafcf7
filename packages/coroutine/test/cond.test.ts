import { describe, expect, it } from 'vitest';
import { Cond, CoroutineError, Mutex, run, Scheduler, spawn, yieldNow } from '../src/index.js';

describe('Cond', () => {
  it('waits for a condition under a mutex', async () => {
    const mutex = new Mutex();
    const cond = new Cond(mutex);
    let ready = false;
    const result = await run(function* () {
      const waiter = yield* spawn(function* () {
        yield* mutex.lock();
        try {
          while (!ready) yield* cond.wait();
          return 'saw ready';
        } finally {
          mutex.unlock();
        }
      });
      yield* yieldNow();
      yield* mutex.lock();
      ready = true;
      cond.signal();
      mutex.unlock();
      return yield* waiter;
    });
    expect(result).toBe('saw ready');
    expect(mutex.locked).toBe(false);
  });

  it('wait without holding the mutex is a typed error', async () => {
    const cond = new Cond(new Mutex());
    await expect(run(cond.wait()).promise).rejects.toSatisfy((e) =>
      CoroutineError.is(e, 'invalid-argument'),
    );
  });

  it('broadcast wakes all, signal one, in FIFO order', () => {
    const scheduler = new Scheduler({ manual: true });
    const cond = new Cond();
    const log: number[] = [];
    for (let i = 0; i < 3; i++) {
      run(
        function* () {
          yield* cond.wait();
          log.push(i);
        },
        { scheduler },
      );
    }
    scheduler.flush();
    cond.signal();
    scheduler.flush();
    expect(log).toEqual([0]);
    cond.broadcast();
    scheduler.flush();
    expect(log).toEqual([0, 1, 2]);
  });

  it('a signal to a waiter halted before it ran goes to the next one', () => {
    const scheduler = new Scheduler({ manual: true });
    const cond = new Cond();
    const first = run(cond.wait(), { scheduler });
    let secondWoke = false;
    run(
      function* () {
        yield* cond.wait();
        secondWoke = true;
      },
      { scheduler },
    );
    scheduler.flush();
    cond.signal();
    first.halt();
    scheduler.flush();
    expect(secondWoke).toBe(true);
  });
});
