import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CoroutineError,
  run,
  Scheduler,
  Semaphore,
  spawn,
  type Task,
  yieldNow,
} from '../src/index.js';

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

describe('Semaphore under random interleavings and halts (property)', () => {
  it('never over-grants, grants in request order, and returns every permit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ permits: fc.integer({ min: 1, max: 4 }), hold: fc.nat(3) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('flush' as const), steps: fc.nat(5) }),
            fc.record({ kind: fc.constant('halt' as const), index: fc.nat(7) }),
          ),
          { maxLength: 30 },
        ),
        (total, workers, actions) => {
          const scheduler = new Scheduler({ manual: true });
          const sem = new Semaphore(total);
          let held = 0;
          const requested: number[] = []; // worker indices in the order they called acquire
          const granted = new Set<number>();
          const tasks: Task<void>[] = [];
          workers.forEach((w, index) => {
            tasks.push(
              run(
                function* () {
                  const permits = Math.min(w.permits, total);
                  requested.push(index);
                  yield* sem.acquire(permits);
                  // FIFO: nobody who asked earlier is still parked waiting (handed permits and
                  // queued to run is fine: that is 'ready').
                  for (const earlier of requested.slice(0, requested.indexOf(index))) {
                    if (!granted.has(earlier)) expect(tasks[earlier]?.state).not.toBe('suspended');
                  }
                  granted.add(index);
                  held += permits;
                  // Permits handed to a waiter that has not run yet count in neither term.
                  expect(held + sem.available).toBeLessThanOrEqual(total);
                  expect(sem.available).toBeGreaterThanOrEqual(0);
                  try {
                    for (let i = 0; i < w.hold; i++) yield* yieldNow();
                  } finally {
                    held -= permits;
                    sem.release(permits);
                  }
                },
                { scheduler },
              ),
            );
          });
          for (const a of actions) {
            if (a.kind === 'flush') scheduler.flush(a.steps);
            else tasks[a.index % tasks.length]?.halt();
          }
          scheduler.flush();
          expect(tasks.every((t) => t.state === 'done' || t.state === 'halted')).toBe(true);
          expect(held).toBe(0);
          expect(sem.available).toBe(total);
          expect(sem.waiting).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
