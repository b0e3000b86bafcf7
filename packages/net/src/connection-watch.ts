import type { TimerQueue } from '@yrpc/poller';
import type { ConnectionCore } from './connection-core.js';

/**
 * A timeout that watches one {@link Connection} through a timer and aborts it when the timeout
 * passes: {@link IdleWatch} and {@link WriteStallWatch}. What they share is here: which
 * connection, which timer queue, the timer pending (0 = none) and stopping it when the
 * connection closes.
 */
export abstract class ConnectionWatch {
  protected readonly connection: ConnectionCore;
  protected readonly timers: TimerQueue;
  protected readonly timeoutMs: number;
  protected timer = 0;

  constructor(connection: ConnectionCore, timers: TimerQueue, timeoutMs: number) {
    this.connection = connection;
    this.timers = timers;
    this.timeoutMs = timeoutMs;
  }

  /** Stops watching: the connection closed. */
  stop(): void {
    if (this.timer !== 0) this.timers.cancel(this.timer);
    this.timer = 0;
  }
}
