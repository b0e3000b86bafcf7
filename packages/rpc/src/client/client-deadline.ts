import type { TimerQueue } from '@yrpc/protocol';
import type { ClientCall } from './client-call.js';

/**
 * Starts `call`'s deadline, `timeoutMs` from now on `timers`' clock. When it passes, whoever
 * holds the call then expires it: the client while the call waits for a connection (it fails
 * there), the session once sent (which also tells the server).
 */
export function armDeadline(call: ClientCall, timeoutMs: number, timers: TimerQueue): void {
  call.deadlineAt = timers.now() + timeoutMs;
  call.timer = timers.add(timeoutMs, expireCall, call);
}

/** Stops `call`'s deadline timer, if it runs: the call ended or is being given up. */
export function clearDeadline(call: ClientCall, timers: TimerQueue): void {
  if (call.timer !== 0) {
    timers.cancel(call.timer);
    call.timer = 0;
  }
}

function expireCall(call: ClientCall): void {
  call.owner?.expire(call);
}
