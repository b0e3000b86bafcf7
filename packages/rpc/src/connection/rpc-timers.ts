import { defaultRuntime, type TimerQueue } from '@yrpc/protocol';

/**
 * The TimerQueue every server and client of this package arms deadlines on: the default
 * runtime's, shared with sleeps and connection timeouts, so the whole process runs on one Node
 * timer armed for the earliest deadline.
 */
export function rpcTimers(): TimerQueue {
  return defaultRuntime().timers;
}
