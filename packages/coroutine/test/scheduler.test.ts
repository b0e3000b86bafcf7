import { describe, expect, it } from 'vitest';
import { type Resumer, run, Scheduler, suspend, yieldNow } from '../src/index.js';

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
