import type { TimerQueue } from '@yrpc/poller';
import type { ConnectionCore } from './connection-core.js';
import { ConnectionWatch } from './connection-watch.js';
import { NetError } from './net-error.js';

/**
 * Closes a connection that neither reads nor writes for `idleTimeoutMs` (NetError
 * `idle-timeout`). Activity only records the time ({@link IdleWatch.touch}, on every chunk and
 * socket write); the one timer looks at it when due and, when there was activity, waits out the
 * rest, instead of being rescheduled on every read and write. Only a connection with the option
 * on makes one.
 */
export class IdleWatch extends ConnectionWatch {
  private lastActivity: number;

  constructor(connection: ConnectionCore, timers: TimerQueue, timeoutMs: number) {
    super(connection, timers, timeoutMs);
    this.lastActivity = timers.now();
    this.timer = timers.add(timeoutMs, this.check);
  }

  /** Records activity now (a chunk read or a socket write). */
  touch(): void {
    if (this.timer !== 0) this.lastActivity = this.timers.now();
  }

  private readonly check = (): void => {
    this.timer = 0;
    const connection = this.connection;
    if (connection.state === 'closed') return;
    const idleMs = this.timeoutMs;
    const elapsed = this.timers.now() - this.lastActivity;
    if (elapsed >= idleMs) {
      connection.abort(
        new NetError(
          'idle-timeout',
          `connection to ${connection.remoteAddress} idle for ${Math.round(elapsed)} ms (limit ${idleMs} ms)`,
          { address: connection.remoteAddress },
        ),
      );
      return;
    }
    this.timer = this.timers.add(idleMs - elapsed, this.check);
  };
}
