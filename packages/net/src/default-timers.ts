import { TimerQueue } from '@yrpc/poller';

let shared: TimerQueue | undefined;

/** The process-wide TimerQueue used for connection and connect timeouts unless one is given. */
export function defaultTimers(): TimerQueue {
  shared ??= new TimerQueue();
  return shared;
}
