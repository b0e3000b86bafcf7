import { describe, expect, it } from 'vitest';
import { CoroutineError, run, Scheduler, Semaphore, spawn, yieldNow } from '../src/index.js';

describe('Semaphore', () => {
  it('validates arguments', () => {
    expect(() => new Semaphore(-1)).toThrow(CoroutineError);
    expect(() => new Semaphore(1).acquire(0)).toThrow(CoroutineError);
  });

  it('limits concurrency', async () => {
    const sem = new Semaphore(2);
    let inside = 0;
    let peak = 0;
    await run(function* () {
      const tasks = [];
      for (let i = 0; i < 10; i++) {
        tasks.push(
          yield* spawn(
            sem.withPermit(function* () {
              inside++;
              peak = Math.max(peak, inside);
              yield* yieldNow();
              inside--;
            }),
          ),
        );
      }
      for (const t of tasks) yield* t;
    });
    expect(peak).toBe(2);
    expect(sem.available).toBe(2);
  });

  it('serves waiters in FIFO order even when a later one would fit', () => {
    const scheduler = new Scheduler({ manual: true });
    const sem = new Semaphore(0);
    const log: string[] = [];
    run(
      function* () {
        yield* sem.acquire(2);
        log.push('big');
      },
      { scheduler },
    );
    run(
      function* () {
        yield* sem.acquire(1);
        log.push('small');
      },
      { scheduler },
    );
    scheduler.flush();
    sem.release(1);
    scheduler.flush();
    expect(log).toEqual([]);
    expect(sem.tryAcquire(1)).toBe(false);
    sem.release(2);
    scheduler.flush();
    expect(log).toEqual(['big', 'small']);
  });

  it('a halted head waiter lets the next one through', () => {
    const scheduler = new Scheduler({ manual: true });
    const sem = new Semaphore(1);
    const big = run(sem.acquire(5), { scheduler });
    const log: string[] = [];
    run(
      function* () {
        yield* sem.acquire(1);
        log.push('small');
      },
      { scheduler },
    );
    scheduler.flush();
    expect(log).toEqual([]);
    big.halt();
    scheduler.flush();
    expect(log).toEqual(['small']);
  });
});
