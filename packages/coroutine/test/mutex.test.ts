import { describe, expect, it } from 'vitest';
import { CoroutineError, Mutex, run, Scheduler, spawn, yieldNow } from '../src/index.js';

describe('Mutex', () => {
  it('serialises critical sections in FIFO order', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    await run(function* () {
      const tasks = [];
      for (const name of ['a', 'b', 'c']) {
        tasks.push(
          yield* spawn(
            mutex.withLock(function* () {
              log.push(`${name} in`);
              yield* yieldNow();
              log.push(`${name} out`);
            }),
          ),
        );
      }
      for (const t of tasks) yield* t;
    });
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    expect(mutex.locked).toBe(false);
  });

  it('unlock of an unlocked mutex is a typed error', () => {
    expect(() => new Mutex().unlock()).toThrow(CoroutineError);
  });

  it('a waiter halted after the lock was handed to it passes the lock on', () => {
    const scheduler = new Scheduler({ manual: true });
    const mutex = new Mutex();
    expect(mutex.tryLock()).toBe(true);
    const first = run(mutex.lock(), { scheduler });
    let secondGotIt = false;
    run(
      function* () {
        yield* mutex.lock();
        secondGotIt = true;
      },
      { scheduler },
    );
    scheduler.flush();
    mutex.unlock(); // handed to `first`
    first.halt(); // before it ran
    scheduler.flush();
    expect(secondGotIt).toBe(true);
    expect(mutex.locked).toBe(true);
  });
});
