// Public API of @yrpc/poller: explicit named exports only.
export type { Alarm, Clock } from './clock.js';
export { monotonicClock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export type { PollerErrorCode } from './poller-error.js';
export { isPollerError, PollerError } from './poller-error.js';
export type { TimerHandle, TimerQueueOptions } from './timer-queue.js';
export { TimerQueue } from './timer-queue.js';
