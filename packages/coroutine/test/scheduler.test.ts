import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPromise, type Resumer, run, Scheduler, suspend, yieldNow } from '../src/index.js';

describe('Scheduler', () => {
  it('validates its options', () => {
    expect(() => new Scheduler({ batchSize: 0 })).toThrow(RangeError);
    expect(() => new Scheduler({ batchTimeMs: -1 })).toThrow(RangeError);
  });

  it('runs a coroutine resumed from a plain callback before the next event-loop turn', async () => {
    let resumer: Resumer<string> | undefined;
    const log: string[] = [];
    const task = run(function* () {
      log.push(
        yield* suspend<string>((r) => {
          resumer = r;
        }),
      );
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        resumer?.resume('resumed');
        // Ran in the same turn: a setImmediate queued now must see the coroutine already done.
        setImmediate(() => {
          log.push('next turn');
          resolve();
        });
      }, 0);
    });
    await task;
    expect(log).toEqual(['resumed', 'next turn']);
  });

  it('gives the event loop a turn between batches', async () => {
    const scheduler = new Scheduler({ batchSize: 10 });
    let spins = 0;
    let stop = false;
    const task = run(
      function* () {
        while (!stop) {
          spins++;
          yield* yieldNow();
        }
      },
      { scheduler },
    );
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        stop = true;
        resolve();
      });
    });
    await task;
    expect(spins).toBeGreaterThan(0);
    // The setImmediate callback ran while the coroutine was still spinning: not starved.
    expect(spins).toBeLessThan(1_000_000);
  });

  it('does not let a chain of promise resumptions starve the event loop', async () => {
    const scheduler = new Scheduler({ batchSize: 16 });
    let hops = 0;
    let stop = false;
    const task = run(
      function* () {
        while (!stop) {
          yield* fromPromise(Promise.resolve());
          hops++;
        }
      },
      { scheduler },
    );
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        stop = true;
        resolve();
      });
    });
    await task;
    expect(hops).toBeGreaterThan(0);
    expect(hops).toBeLessThan(100_000);
  });

  it('bounds synchronous resumptions by the batch size too', async () => {
    const scheduler = new Scheduler({ batchSize: 4 });
    let turns = 0;
    let stop = false;
    const timer = setInterval(() => {
      turns++;
      if (turns === 3) stop = true;
    }, 1);
    try {
      await run(
        function* () {
          while (!stop) yield* suspend<void>((r) => r.resume());
        },
        { scheduler },
      );
    } finally {
      clearInterval(timer);
    }
    expect(turns).toBe(3);
  });

  it('runs nothing on its own in manual mode, then flushes in FIFO order', () => {
    const scheduler = new Scheduler({ manual: true });
    const log: number[] = [];
    for (let i = 0; i < 5; i++) {
      run(
        function* () {
          log.push(i);
          yield* yieldNow();
          log.push(i + 10);
        },
        { scheduler },
      );
    }
    expect(log).toEqual([]);
    expect(scheduler.pending).toBe(5);
    expect(scheduler.flush(5)).toBe(5);
    expect(log).toEqual([0, 1, 2, 3, 4]);
    scheduler.flush();
    expect(log).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    expect(scheduler.pending).toBe(0);
  });
});

describe('run queue under random interleavings and halts (property)', () => {
  it('runs ready coroutines round-robin in FIFO order; a halted one never runs its body again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }),
        fc.array(fc.option(fc.nat(7), { nil: undefined, freq: 3 }), { maxLength: 60 }),
        (yields, haltPlan) => {
          const scheduler = new Scheduler({ manual: true });
          const log: number[] = [];
          const tasks = yields.map((count, id) =>
            run(
              function* () {
                for (let i = 0; i < count; i++) {
                  yield* yieldNow();
                  log.push(id);
                }
              },
              { scheduler },
            ),
          );
          // The model: a FIFO of ids; each step pops one; it logs if it had resumed from a yield.
          const queue = yields.map((_, id) => id);
          const started = yields.map(() => false);
          const remaining = [...yields];
          const halted = yields.map(() => false);
          const expected: number[] = [];
          for (const plan of [...haltPlan, ...Array.from({ length: 60 }, () => undefined)]) {
            if (plan !== undefined) {
              const id = plan % yields.length;
              tasks[id]?.halt();
              if (queue.includes(id)) halted[id] = true;
            }
            const id = queue.shift();
            if (id === undefined) break;
            scheduler.flush(1);
            if (halted[id]) continue;
            if (started[id]) {
              expected.push(id);
              remaining[id] = (remaining[id] ?? 0) - 1;
            }
            started[id] = true;
            if ((remaining[id] ?? 0) > 0) queue.push(id);
          }
          scheduler.flush();
          expect(log).toEqual(expected);
          expect(scheduler.pending).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
