import {
  CoroutineError,
  createContext,
  defaultScheduler,
  type Operation,
  type OperationFactory,
  type Resumer,
  run as runCoroutine,
  type Scheduler,
  spawn,
  suspend,
  type Task,
} from '@yrpc/coroutine';
import { type Clock, monotonicClock } from './clock.js';
import { Poller } from './poller.js';
import { PollerError } from './poller-error.js';
import { TimerQueue } from './timer-queue.js';

/** Options of a {@link Runtime}. */
export interface RuntimeOptions {
  /** Time source; default: the monotonic clock. A {@link ManualClock} makes tests deterministic. */
  clock?: Clock;
  /** The scheduler coroutines run on; default: @yrpc/coroutine's process-wide scheduler. */
  scheduler?: Scheduler;
}

// The runtime a coroutine runs under, and the absolute deadline (on that runtime's clock) that
// bounds everything it does; children inherit both.
const runtimeContext = createContext<Runtime | undefined>('@yrpc/poller.runtime', undefined);
const deadlineContext = createContext<number>('@yrpc/poller.deadline', Number.POSITIVE_INFINITY);

let defaultInstance: Runtime | undefined;

/**
 * Scheduler, poller and timers in one place: what a program needs to run coroutines that sleep,
 * wait for sockets and keep deadlines. Inside a coroutine the functions {@link sleep},
 * {@link withTimeout}, {@link withDeadline} and {@link currentDeadline} use the runtime the
 * coroutine was started with ({@link Runtime.run}), or the default runtime.
 */
export class Runtime {
  /** The clock all deadlines of this runtime are measured on. */
  readonly clock: Clock;
  /** The scheduler its coroutines run on. */
  readonly scheduler: Scheduler;
  /** The one timer queue: sleeps, wait timeouts and deadlines. */
  readonly timers: TimerQueue;
  /** The readiness poller, with its timeouts in {@link Runtime.timers}. */
  readonly poller: Poller;

  /** Creates a runtime; most programs use {@link defaultRuntime} instead. */
  constructor(options: RuntimeOptions = {}) {
    this.clock = options.clock ?? monotonicClock;
    this.scheduler = options.scheduler ?? defaultScheduler();
    this.timers = new TimerQueue({ clock: this.clock });
    this.poller = new Poller({ timers: this.timers });
  }

  /** Milliseconds on this runtime's monotonic clock: the timeline deadlines live on. */
  now(): number {
    return this.clock.now();
  }

  /**
   * Runs `main` as a top-level coroutine of this runtime (the program's entry). The process exits
   * by itself once nothing is pending: no coroutine sleeping, no socket or server open.
   */
  run<T>(main: OperationFactory<T>): Task<T> {
    return runCoroutine(runtimeContext.with(this, main), { scheduler: this.scheduler });
  }
}

/** The process-wide runtime: monotonic clock, default scheduler. Created on first use. */
export function defaultRuntime(): Runtime {
  if (defaultInstance === undefined) defaultInstance = new Runtime();
  return defaultInstance;
}

/**
 * The runtime of the running coroutine (the one it was started with by {@link Runtime.run},
 * inherited by its children), or the default runtime.
 */
export function currentRuntime(): Runtime {
  return runtimeContext.current() ?? defaultRuntime();
}

/** Runs `main` on the default runtime: `run(function* () { ... })` as a program's entry. */
export function run<T>(main: OperationFactory<T>): Task<T> {
  return defaultRuntime().run(main);
}

function resumeSleeper(resumer: Resumer<void>): void {
  resumer.resume();
}

/**
 * Suspends the running coroutine for `ms` milliseconds on the runtime's timer queue (one Node
 * timer for all). A sleep keeps the process alive; halting the coroutine cancels it. A deadline
 * set by {@link withDeadline} around it still applies: the sleep is halted when it passes.
 */
export function sleep(ms: number): Operation<void> {
  return suspend<void>((resumer) => {
    const timers = currentRuntime().timers;
    const handle = timers.add(ms, resumeSleeper, resumer);
    timers.ref(handle);
    return () => timers.cancel(handle);
  });
}

/**
 * The absolute deadline bounding the running coroutine, on the runtime's clock
 * ({@link Runtime.now}); `Infinity` when there is none. Set by {@link withDeadline} and
 * {@link withTimeout}, inherited by every coroutine spawned inside them.
 */
export function currentDeadline(): number {
  return deadlineContext.current();
}

/** Milliseconds left until {@link currentDeadline} (never below 0); `Infinity` without one. */
export function remainingTime(): number {
  const deadline = deadlineContext.current();
  if (deadline === Number.POSITIVE_INFINITY) return deadline;
  return Math.max(0, deadline - currentRuntime().now());
}

/** The state a deadline timer shares with the coroutine waiting on it. */
interface DeadlineWatch {
  task: Task<unknown> | undefined;
  expired: boolean;
}

function expire(watch: DeadlineWatch): void {
  watch.expired = true;
  watch.task?.halt();
}

/**
 * Runs `op` with an absolute `deadline` on the runtime's clock ({@link Runtime.now}). When the
 * deadline passes, `op` is halted (its `finally` blocks run) and this fails with a
 * {@link PollerError} `timeout`. Nested deadlines only ever tighten: the effective deadline is
 * the earlier of this one and the one already in force, and operations inside see it through
 * {@link currentDeadline}. A deadline already past fails at once without starting `op`.
 */
export function withDeadline<T>(op: OperationFactory<T>, deadline: number): Operation<T> {
  return {
    *[Symbol.iterator]() {
      if (typeof deadline !== 'number' || Number.isNaN(deadline)) {
        throw new PollerError(
          'invalid-argument',
          `deadline must be a number, got ${String(deadline)}`,
        );
      }
      const runtime = currentRuntime();
      const outer = deadlineContext.current();
      if (deadline >= outer) {
        // The deadline in force is earlier, and its own watch halts everything inside it.
        return yield* callOperation(op);
      }
      if (deadline <= runtime.now()) throw timeoutError(deadline, runtime);
      const watch: DeadlineWatch = { task: undefined, expired: false };
      const timer = runtime.timers.addAt(deadline, expire, watch);
      try {
        const task = yield* spawn(deadlineContext.with(deadline, op));
        watch.task = task;
        return yield* task;
      } catch (error) {
        if (watch.expired && CoroutineError.isHalt(error)) throw timeoutError(deadline, runtime);
        throw error;
      } finally {
        runtime.timers.cancel(timer);
      }
    },
  };
}

/**
 * Runs `op` for at most `ms` milliseconds: {@link withDeadline} at `now + ms`. On expiry `op` is
 * halted and this fails with a {@link PollerError} `timeout`.
 */
export function withTimeout<T>(op: OperationFactory<T>, ms: number): Operation<T> {
  return {
    *[Symbol.iterator]() {
      if (typeof ms !== 'number' || Number.isNaN(ms)) {
        throw new PollerError('invalid-argument', `ms must be a number, got ${String(ms)}`);
      }
      return yield* withDeadline(op, currentRuntime().now() + Math.max(0, ms));
    },
  };
}

function* callOperation<T>(op: OperationFactory<T>): Operation<T> {
  return yield* typeof op === 'function' ? op() : op;
}

function timeoutError(deadline: number, runtime: Runtime): PollerError {
  const late = runtime.now() - deadline;
  return new PollerError(
    'timeout',
    late > 0 ? `deadline exceeded by ${late.toFixed(1)} ms` : 'deadline exceeded',
  );
}
