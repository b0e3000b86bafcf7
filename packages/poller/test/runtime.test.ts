import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CoroutineError, run as runCoroutine, spawn, suspend, yieldNow } from '@yrpc/coroutine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Interest } from '../src/interest.js';
import { ManualClock } from '../src/manual-clock.js';
import { PollerError } from '../src/poller-error.js';
import {
  currentDeadline,
  currentRuntime,
  defaultRuntime,
  Runtime,
  remainingTime,
  run,
  sleep,
  withDeadline,
  withTimeout,
} from '../src/runtime.js';
import { caught } from './support/caught.js';
import { FakeSource } from './support/fake-source.js';
import { delay } from './support/loopback.js';
import { transpiledPackage } from './support/transpiled-package.js';

/** A runtime on a manual clock, and a way to move time and let resumed coroutines run. */
function manualRuntime(): {
  runtime: Runtime;
  clock: ManualClock;
  advance(ms: number): Promise<void>;
} {
  const clock = new ManualClock();
  const runtime = new Runtime({ clock });
  return {
    runtime,
    clock,
    async advance(ms: number) {
      clock.advance(ms);
      await delay(1);
    },
  };
}

describe('Runtime', () => {
  let manual: ReturnType<typeof manualRuntime>;
  afterEach(() => {
    manual?.runtime.timers.clear();
  });

  it('sleeps on its timer queue, and other coroutines inherit the runtime', async () => {
    manual = manualRuntime();
    const { runtime, clock, advance } = manual;
    const log: string[] = [];
    const task = runtime.run(function* () {
      const child = yield* spawn(function* () {
        expect(currentRuntime()).toBe(runtime);
        yield* sleep(30);
        log.push(`child@${clock.now()}`);
      });
      yield* sleep(50);
      log.push(`main@${clock.now()}`);
      yield* child;
      return clock.now();
    });
    await delay(1);
    expect(runtime.timers.size).toBe(2);
    await advance(29);
    expect(log).toEqual([]);
    await advance(1);
    expect(log).toEqual(['child@30']);
    await advance(20);
    expect(await task).toBe(50);
    expect(log).toEqual(['child@30', 'main@50']);
    expect(runtime.timers.size).toBe(0);
  });

  it('cancels the sleep timer of a halted coroutine', async () => {
    manual = manualRuntime();
    const { runtime } = manual;
    let cleaned = false;
    const task = runtime.run(function* () {
      try {
        yield* sleep(1000);
      } finally {
        cleaned = true;
      }
    });
    await delay(1);
    expect(runtime.timers.size).toBe(1);
    await task.halt();
    expect(cleaned).toBe(true);
    expect(runtime.timers.size).toBe(0);
  });

  it('withTimeout halts the operation on expiry and fails with a timeout', async () => {
    manual = manualRuntime();
    const { runtime, advance } = manual;
    const steps: string[] = [];
    const task = runtime.run(function* () {
      return yield* withTimeout(function* () {
        try {
          yield* sleep(1000);
          steps.push('woke');
        } finally {
          steps.push('finally');
        }
      }, 100);
    });
    const outcome = caught(task);
    await delay(1);
    await advance(99);
    expect(steps).toEqual([]);
    await advance(1);
    const error = await outcome;
    expect(PollerError.isTimeout(error)).toBe(true);
    expect(steps).toEqual(['finally']);
    expect(runtime.timers.size).toBe(0);
  });

  it('withTimeout returns the value of an operation that finishes in time', async () => {
    manual = manualRuntime();
    const { runtime, advance } = manual;
    const task = runtime.run(function* () {
      return yield* withTimeout(function* () {
        yield* sleep(10);
        return 'in time';
      }, 100);
    });
    await delay(1);
    await advance(10);
    expect(await task).toBe('in time');
    expect(runtime.timers.size).toBe(0);
  });

  it('lets nested deadlines only tighten, and children see the deadline in force', async () => {
    manual = manualRuntime();
    const { runtime, clock, advance } = manual;
    const seen: number[] = [];
    const task = runtime.run(function* () {
      expect(currentDeadline()).toBe(Number.POSITIVE_INFINITY);
      expect(remainingTime()).toBe(Number.POSITIVE_INFINITY);
      return yield* withDeadline(function* () {
        seen.push(currentDeadline());
        // A looser inner deadline does not loosen the outer one.
        yield* withTimeout(function* () {
          seen.push(currentDeadline());
          const child = yield* spawn(function* () {
            yield* yieldNow();
            seen.push(currentDeadline(), remainingTime());
          });
          yield* child;
          // A tighter one wins inside, and its timeout can be caught.
          try {
            yield* withTimeout(() => sleep(1000), 20);
          } catch (error) {
            seen.push(PollerError.isTimeout(error) ? clock.now() : -1);
          }
          yield* sleep(1000);
        }, 5000);
      }, 200);
    });
    const outcome = caught(task);
    await delay(1);
    await advance(20);
    expect(seen).toEqual([200, 200, 200, 200, 20]);
    await advance(179);
    expect(task.state).toBe('suspended');
    await advance(1);
    expect(PollerError.isTimeout(await outcome)).toBe(true);
    expect(runtime.timers.size).toBe(0);
  });

  it('bounds poller waits by the deadline in force', async () => {
    manual = manualRuntime();
    const { runtime, advance } = manual;
    const source = new FakeSource();
    const registration = runtime.poller.register(source, Interest.Readable);
    const task = runtime.run(function* () {
      yield* withTimeout(() => runtime.poller.wait(registration), 40);
    });
    const outcome = caught(task);
    await delay(1);
    expect(registration.waiters).toHaveLength(1);
    await advance(40);
    expect(PollerError.isTimeout(await outcome)).toBe(true);
    expect(registration.waiters).toHaveLength(0);
    expect(runtime.timers.size).toBe(0);
    registration.deregister();
  });

  it('fails at once for a deadline already past, without starting the operation', async () => {
    manual = manualRuntime();
    const { runtime, clock } = manual;
    clock.advance(100);
    let started = false;
    const error = await caught(
      runtime.run(function* () {
        yield* withDeadline(function* () {
          started = true;
          yield* yieldNow();
        }, 50);
      }),
    );
    expect(PollerError.isTimeout(error)).toBe(true);
    expect(started).toBe(false);
  });

  it('passes failures of the operation through unchanged', async () => {
    manual = manualRuntime();
    const { runtime } = manual;
    const failure = new Error('inner failure');
    const error = await caught(
      runtime.run(function* () {
        yield* withTimeout(function* () {
          yield* yieldNow();
          throw failure;
        }, 1000);
      }),
    );
    expect(error).toBe(failure);
    expect(runtime.timers.size).toBe(0);
  });

  it('halting the caller halts the operation and cancels the deadline', async () => {
    manual = manualRuntime();
    const { runtime } = manual;
    let innerFinally = false;
    const task = runtime.run(function* () {
      yield* withTimeout(function* () {
        try {
          yield* suspend(() => {});
        } finally {
          innerFinally = true;
        }
      }, 1000);
    });
    await delay(1);
    await task.halt();
    expect(innerFinally).toBe(true);
    expect(runtime.timers.size).toBe(0);
  });

  it('rejects bad times with invalid-argument', async () => {
    manual = manualRuntime();
    const { runtime } = manual;
    for (const op of [
      () => sleep(Number.NaN),
      () => withTimeout(() => sleep(1), Number.NaN),
      () => withDeadline(() => sleep(1), Number.NaN),
    ]) {
      const error = await caught(runtime.run(op));
      expect(PollerError.is(error, 'invalid-argument')).toBe(true);
    }
  });

  it('works without plumbing inside any coroutine, on the default runtime', async () => {
    const started = performance.now();
    const value = await runCoroutine(function* () {
      expect(currentRuntime()).toBe(defaultRuntime());
      yield* sleep(15);
      return yield* withTimeout(() => sleep(1), 1000);
    });
    expect(value).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const error = await caught(
      run(function* () {
        yield* withTimeout(() => sleep(10_000), 10);
      }),
    );
    expect(PollerError.isTimeout(error)).toBe(true);
    expect(CoroutineError.isHalt(error)).toBe(false);
  });
});

describe('process exit', () => {
  let copy: Awaited<ReturnType<typeof transpiledPackage>> | undefined;
  beforeAll(async () => {
    copy = await transpiledPackage();
  }, 60_000);
  afterAll(() => copy?.remove());

  function runFixture(name: string): Promise<{ stdout: string; ms: number }> {
    const started = performance.now();
    const script = join(copy?.root ?? '', 'test/fixtures', name);
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [script], { timeout: 15_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${name} failed: ${error.message}\n${stderr}`));
        else resolve({ stdout, ms: performance.now() - started });
      });
    });
  }

  it('exits by itself once nothing is pending, without waiting for unreferenced timers', async () => {
    const [afterSleep, idleQueue, example] = await Promise.all([
      runFixture('exit-after-sleep.js'),
      runFixture('exit-while-timer-queue-idle.js'),
      runFixture('readme-example.js'),
    ]);
    expect(example.stdout).toBe('true\nping\n0\n');
    // The sleeps kept it alive long enough to print; the 30-60 s timers did not hold it.
    expect(afterSleep.stdout).toBe('slept true inner\n');
    expect(afterSleep.ms).toBeLessThan(15_000);
    expect(idleQueue.stdout).toBe('referenced timer fired\n');
    expect(idleQueue.ms).toBeLessThan(15_000);
  });
});
