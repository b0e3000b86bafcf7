// Public API of @yrpc/poller: explicit named exports only.

// ── Re-exported from @yrpc/coroutine for the layers above ──
// `run` and `sleep` below are this package's runtime versions; the coroutine package's own
// `run` stays reachable as `runCoroutine` (for a scheduler of one's own), and its setTimeout
// based `sleep` is left out on purpose.
export {
  all,
  Channel,
  Cond,
  Context,
  CoroutineError,
  type CoroutineErrorCode,
  call,
  createContext,
  critical,
  currentTask,
  defaultScheduler,
  Future,
  fromPromise,
  type Halting,
  type Instruction,
  Mutex,
  type Operation,
  type OperationFactory,
  type OperationResult,
  type Resumer,
  type RunOptions,
  race,
  run as runCoroutine,
  Scheduler,
  type SchedulerOptions,
  type Selected,
  Semaphore,
  scoped,
  select,
  spawn,
  suspend,
  type Task,
  type TaskState,
  until,
  WaitGroup,
  yieldNow,
} from '@yrpc/coroutine';

// ── @yrpc/poller's own API ──
export { type Alarm, type Clock, monotonicClock } from './clock.js';
export { ALL_INTERESTS, describeInterests, Interest, type InterestSet } from './interest.js';
export { ManualClock } from './manual-clock.js';
export { isPollSource, type PollSource } from './poll-source.js';
export { type PollEvent, Poller, type PollerOptions } from './poller.js';
export { PollerError, type PollerErrorCode } from './poller-error.js';
export { type Pollable, Registration } from './registration.js';
export {
  currentDeadline,
  currentRuntime,
  defaultRuntime,
  Runtime,
  type RuntimeOptions,
  remainingTime,
  run,
  sleep,
  withDeadline,
  withTimeout,
} from './runtime.js';
export { type TimerHandle, TimerQueue, type TimerQueueOptions } from './timer-queue.js';
