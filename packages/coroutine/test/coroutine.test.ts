import { describe, expect, it } from 'vitest';
import {
  CoroutineError,
  call,
  critical,
  type Operation,
  type Resumer,
  run,
  Scheduler,
  sleep,
  spawn,
  suspend,
  type Task,
  yieldNow,
} from '../src/index.js';

/** Parks forever (until halted). */
function forever(): Operation<never> {
  return suspend<never>(() => {});
}

describe('run and join', () => {
  it('infers the value of yield* and resolves the task promise', async () => {
    function* double(n: number): Operation<number> {
      yield* yieldNow();
      return n * 2;
    }
    const task = run(function* (): Operation<string> {
      const x = yield* double(21);
      const typed: number = x;
      return `got ${typed}`;
    });
    expect(await task).toBe('got 42');
    expect(task.state).toBe('done');
  });

  it('rejects with the thrown error and reports state failed', async () => {
    const boom = new Error('boom');
    const task = run(function* () {
      yield* yieldNow();
      throw boom;
    });
    await expect(task.promise).rejects.toBe(boom);
    expect(task.state).toBe('failed');
  });

  it('reports ready, running, suspended and done', async () => {
    let resumer: Resumer<number> | undefined;
    let inside: string | undefined;
    const task: Task<number> = run(function* () {
      inside = task.state;
      return yield* suspend<number>((r) => {
        resumer = r;
      });
    });
    expect(task.state).toBe('ready');
    await Promise.resolve();
    expect(inside).toBe('running');
    expect(task.state).toBe('suspended');
    resumer?.resume(7);
    expect(task.state).toBe('ready');
    expect(await task).toBe(7);
  });

  it('joins a child with yield* and rethrows its error to a catching parent', async () => {
    const result = await run(function* () {
      const ok = yield* spawn(function* () {
        yield* yieldNow();
        return 1;
      });
      const bad = yield* spawn(function* (): Operation<number> {
        yield* yieldNow();
        throw new Error('child failed');
      });
      let message = '';
      try {
        yield* bad;
      } catch (error) {
        message = (error as Error).message;
      }
      const a = yield* ok;
      return `${a} ${message}`;
    });
    expect(result).toBe('1 child failed');
  });

  it('ignores a second resume and a resume after halt', async () => {
    let resumer: Resumer<number> | undefined;
    const task = run(function* () {
      const a = yield* suspend<number>((r) => {
        resumer = r;
      });
      return a;
    });
    await Promise.resolve();
    resumer?.resume(1);
    resumer?.resume(2);
    resumer?.fail(new Error('late'));
    expect(await task).toBe(1);

    let parked: Resumer<number> | undefined;
    const halted = run(function* () {
      return yield* suspend<number>((r) => {
        parked = r;
      });
    });
    await Promise.resolve();
    await halted.halt();
    parked?.resume(5);
    expect(halted.state).toBe('halted');
    await expect(halted.promise).rejects.toSatisfy((e) => CoroutineError.isHalt(e));
  });

  it('resumes synchronously when park resumes at once', async () => {
    const seen: number[] = [];
    await run(function* () {
      for (let i = 0; i < 1000; i++) {
        seen.push(yield* suspend<number>((r) => r.resume(i)));
      }
    });
    expect(seen).toHaveLength(1000);
    expect(seen[999]).toBe(999);
  });

  it('throws a typed error when a generator yields a plain value', async () => {
    const task = run(function* (): Operation<void> {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong on purpose.
      yield 5 as any;
    });
    await expect(task.promise).rejects.toSatisfy((e) => CoroutineError.is(e, 'invalid-yield'));
  });

  it('throws no-coroutine when spawn runs outside a coroutine', () => {
    const op = spawn(function* () {});
    expect(() => op[Symbol.iterator]().next()).toThrow(CoroutineError);
  });
});

describe('halting', () => {
  it('runs finally blocks, including ones that yield, and ends halted', async () => {
    const log: string[] = [];
    const task = run(function* () {
      try {
        yield* forever();
      } finally {
        log.push('cleanup start');
        yield* sleep(1);
        log.push('cleanup end');
      }
    });
    await Promise.resolve();
    await task.halt();
    expect(log).toEqual(['cleanup start', 'cleanup end']);
    expect(task.state).toBe('halted');
  });

  it('does not resurrect a delegating generator after an async finally (effection #1190)', async () => {
    const log: string[] = [];
    function* halted(): Operation<void> {
      try {
        yield* forever();
      } finally {
        log.push('inner cleanup');
        yield* sleep(0);
        log.push('inner cleanup done');
      }
    }
    const task = run(function* () {
      try {
        yield* halted();
        log.push('LEAKED');
        yield* sleep(0);
        log.push('LEAKED AGAIN');
      } finally {
        log.push('outer cleanup');
        yield* yieldNow();
        log.push('outer cleanup done');
      }
    });
    await Promise.resolve();
    await task.halt();
    expect(log).toEqual([
      'inner cleanup',
      'inner cleanup done',
      'outer cleanup',
      'outer cleanup done',
    ]);
    expect(task.state).toBe('halted');
  });

  it('runs every step of a finally that yields twice (effection #1154)', async () => {
    const log: string[] = [];
    const task = run(function* () {
      try {
        yield* forever();
      } finally {
        yield* sleep(0);
        log.push('cleanup1');
        yield* yieldNow();
        log.push('cleanup2');
      }
    });
    await Promise.resolve();
    const halting = task.halt();
    task.halt(); // idempotent
    await halting;
    expect(log).toEqual(['cleanup1', 'cleanup2']);
  });

  it('halts children before the parent, innermost first', async () => {
    const log: string[] = [];
    const task = run(function* () {
      yield* spawn(function* () {
        yield* spawn(function* () {
          try {
            yield* forever();
          } finally {
            log.push('grandchild');
          }
        });
        try {
          yield* forever();
        } finally {
          yield* yieldNow();
          log.push('child');
        }
      });
      try {
        yield* forever();
      } finally {
        log.push('parent');
      }
    });
    await new Promise((resolve) => setImmediate(resolve));
    await task.halt();
    expect(log).toEqual(['grandchild', 'child', 'parent']);
  });

  it('halts remaining children when the parent body returns', async () => {
    const log: string[] = [];
    // A task is thenable, so it is wrapped: awaiting a promise of a task would join the task.
    const { child } = await run(function* () {
      const c = yield* spawn(function* () {
        try {
          yield* forever();
        } finally {
          log.push('child halted');
        }
      });
      yield* yieldNow();
      return { child: c };
    });
    expect(log).toEqual(['child halted']);
    expect(child.state).toBe('halted');
  });

  it('halts from inside the coroutine itself', async () => {
    const log: string[] = [];
    const task: Task<void> = run(function* () {
      try {
        yield* yieldNow();
        yield* task.halt();
        log.push('LEAKED');
      } finally {
        log.push('finally');
      }
    });
    await expect(task.promise).rejects.toSatisfy((e) => CoroutineError.isHalt(e));
    expect(log).toEqual(['finally']);
    expect(task.state).toBe('halted');
  });

  it('lets a child halt its parent and waits for it', async () => {
    const log: string[] = [];
    const parent: Task<void> = run(function* () {
      yield* spawn(function* () {
        try {
          yield* parent.halt();
          log.push('LEAKED');
        } finally {
          log.push('child finally');
        }
      });
      try {
        yield* forever();
      } finally {
        log.push('parent finally');
      }
    });
    await parent.then(
      () => undefined,
      () => undefined,
    );
    expect(log).toEqual(['child finally', 'parent finally']);
    expect(parent.state).toBe('halted');
  });

  it('halts a task that never started without running it', async () => {
    let ran = false;
    const task = run(function* () {
      ran = true;
      yield* yieldNow();
    });
    await task.halt();
    expect(ran).toBe(false);
    expect(task.state).toBe('halted');
  });

  it('rejects halt() when a finally block throws', async () => {
    const task = run(function* () {
      try {
        yield* forever();
      } finally {
        // biome-ignore lint/correctness/noUnsafeFinally: the test is about a failing cleanup.
        throw new Error('cleanup failed');
      }
    });
    await Promise.resolve();
    await expect(task.halt()).rejects.toThrow('cleanup failed');
    expect(task.state).toBe('failed');
  });

  it('calls the park cleanup when halted while parked', async () => {
    let cleaned = 0;
    const task = run(function* () {
      yield* suspend(() => () => {
        cleaned++;
      });
    });
    await Promise.resolve();
    await task.halt();
    expect(cleaned).toBe(1);
  });

  it('calls the park cleanup when halted after a resume it did not consume yet', async () => {
    const scheduler = new Scheduler({ manual: true });
    let resumer: Resumer<number> | undefined;
    let cleaned = 0;
    const task = run(
      function* () {
        return yield* suspend<number>((r) => {
          resumer = r;
          return () => {
            cleaned++;
          };
        });
      },
      { scheduler },
    );
    scheduler.flush();
    resumer?.resume(1);
    task.halt();
    scheduler.flush();
    expect(cleaned).toBe(1);
    expect(task.state).toBe('halted');
  });

  it('halts from a plain callback', async () => {
    const task = run(function* () {
      yield* forever();
    });
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        task.halt().then(resolve);
      }, 1);
    });
    expect(task.state).toBe('halted');
  });

  it('joining a halted task throws halted', async () => {
    const result = await run(function* () {
      const child = yield* spawn(function* () {
        yield* forever();
      });
      yield* yieldNow();
      yield* child.halt();
      try {
        yield* child;
        return 'no';
      } catch (error) {
        return CoroutineError.isHalt(error) ? 'halted' : 'other';
      }
    });
    expect(result).toBe('halted');
  });
});

describe('failure propagation', () => {
  it('a failing child takes its siblings and parent down', async () => {
    const log: string[] = [];
    const task = run(function* () {
      yield* spawn(function* () {
        try {
          yield* forever();
        } finally {
          log.push('sibling halted');
        }
      });
      yield* spawn(function* () {
        yield* yieldNow();
        throw new Error('child boom');
      });
      try {
        yield* forever();
      } finally {
        log.push('parent finally');
      }
    });
    await expect(task.promise).rejects.toThrow('child boom');
    expect(log).toEqual(['sibling halted', 'parent finally']);
    expect(task.state).toBe('failed');
  });

  it('the parent can catch a child failure at its suspension point', async () => {
    const result = await run(function* () {
      yield* spawn(function* () {
        yield* yieldNow();
        throw new Error('child boom');
      });
      try {
        yield* forever();
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    });
    expect(result).toBe('caught child boom');
  });

  it('keeps the spawn site in the stack when tracing is on', async () => {
    const scheduler = new Scheduler({ traceSpawns: true });
    function* failing(): Operation<void> {
      yield* yieldNow();
      throw new Error('traced');
    }
    const task = run(failing, { scheduler });
    const error = (await task.then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error.stack).toContain('coroutine spawned at');
    expect(error.stack).toContain('coroutine.test.ts');
  });

  it('names the generator that spawned a failing child', async () => {
    const scheduler = new Scheduler({ traceSpawns: true });
    function* spawningParent(): Operation<void> {
      const child = yield* spawn(function* () {
        yield* yieldNow();
        throw new Error('child traced');
      });
      yield* child;
    }
    const error = (await run(spawningParent, { scheduler }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    const site = error.stack?.split('coroutine spawned at')[1] ?? '';
    expect(site).toContain('spawningParent');
  });
});

describe('halting at every suspension point', () => {
  function* leaf(log: string[], tag: string, shielded: boolean): Operation<void> {
    try {
      yield* yieldNow();
      log.push(`${tag} body 1`);
      yield* suspend<void>((resumer) => resumer.resume());
      log.push(`${tag} body 2`);
      yield* yieldNow();
      log.push(`${tag} body 3`);
    } finally {
      const cleanup = function* () {
        log.push(`${tag} cleanup 1`);
        yield* yieldNow();
        log.push(`${tag} cleanup 2`);
      };
      if (shielded) yield* critical(cleanup);
      else yield* cleanup();
    }
  }

  function* body(log: string[], shielded: boolean): Operation<string> {
    try {
      yield* yieldNow();
      log.push('outer body 1');
      yield* call(() => leaf(log, 'called', shielded));
      log.push('outer body 2');
      yield* leaf(log, 'delegated', shielded);
      log.push('outer body 3');
      return 'finished';
    } finally {
      log.push('outer cleanup 1');
      yield* shielded ? critical(yieldNow()) : yieldNow();
      log.push('outer cleanup 2');
    }
  }

  function runHaltedAfter(shielded: boolean, steps: number, haltAgainAfter?: number) {
    const scheduler = new Scheduler({ manual: true });
    const log: string[] = [];
    const task = run(() => body(log, shielded), { scheduler });
    scheduler.flush(steps);
    const haltMark = log.length;
    task.halt();
    if (haltAgainAfter !== undefined) {
      scheduler.flush(haltAgainAfter);
      task.halt();
    }
    scheduler.flush();
    return { task, log, haltMark };
  }

  const counter = new Scheduler({ manual: true });
  run(() => body([], false), { scheduler: counter });
  const stepsToFinish = counter.flush();

  it('completes normally when never halted', () => {
    const { task, log } = runHaltedAfter(false, Number.MAX_SAFE_INTEGER);
    expect(task.state).toBe('done');
    expect(log.at(-1)).toBe('outer cleanup 2');
    expect(stepsToFinish).toBeGreaterThan(8);
  });

  for (const shielded of [false, true]) {
    for (const haltAgain of [undefined, 1]) {
      it(`halts cleanly after each of the ${stepsToFinish} steps (critical cleanup: ${shielded}, second halt: ${haltAgain ?? 'none'})`, () => {
        for (let steps = 0; steps < stepsToFinish; steps++) {
          const { task, log, haltMark } = runHaltedAfter(shielded, steps, haltAgain);
          expect(task.state).toBe('halted');
          // Nothing but cleanup runs after the halt: the halt was never swallowed. (A halt that
          // arrives during a critical cleanup is delivered at the next suspension point, so the
          // code between the end of that cleanup and the next suspension still runs: one line.)
          const bodyAfterHalt = log.slice(haltMark).filter((entry) => !entry.includes('cleanup'));
          expect(bodyAfterHalt.length).toBeLessThanOrEqual(shielded ? 1 : 0);
          // ...and every cleanup the halt started (with critical: every cleanup) finished.
          for (const tag of ['called', 'delegated', 'outer']) {
            const start = log.indexOf(`${tag} cleanup 1`);
            if (start !== -1 && (shielded || start >= haltMark)) {
              expect(log.indexOf(`${tag} cleanup 2`)).toBeGreaterThan(start);
            }
          }
          if (steps === 0)
            expect(log).toEqual([]); // halted before it started: no finally entered
          else if (shielded) expect(log.at(-1)).toBe('outer cleanup 2');
        }
      });
    }
  }
});
