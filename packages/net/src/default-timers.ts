import { defaultRuntime, type TimerQueue } from '@yrpc/poller';

/** The timer queue used for connection and connect timeouts unless one is given: the default runtime's. */
export function defaultTimers(): TimerQueue {
  return defaultRuntime().timers;
}
