// Public API of @yrpc/poller: explicit named exports only.

// ── Re-exported from @yrpc/coroutine for the layers above ──
// `run` and `sleep` are this package's runtime versions (above); the coroutine package's own
// `run` stays reachable as `runCoroutine` for a scheduler of one's own.
export {
  Context,
  CoroutineError,
  type CoroutineErrorCode,
  call,
  createContext,
  currentTask,
  defaultScheduler,
  fromPromise,
  type Halting,
  type Instruction,
  type Operation,
  type OperationFactory,
  type Resumer,
  type RunOptions,
  run as runCoroutine,
  Scheduler,
  type SchedulerOptions,
  spawn,
  suspend,
  type Task,
  type TaskState,
  until,
  yieldNow,
} from '@yrpc/coroutine';
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
