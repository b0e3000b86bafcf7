import type { TimerQueue } from '@yrpc/poller';
import type { ConnectionCore } from './connection-core.js';
import { ConnectionWatch } from './connection-watch.js';
import { NetError } from './net-error.js';
import type { Transport } from './transport.js';

/**
 * Detects a peer that stopped reading (the `writeStallTimeoutMs` option): while bytes wait in
 * the socket's queue, looks a few times per timeout whether any of them left, and aborts the
 * connection (NetError `write-stall`) once none has for the whole timeout. Only a connection with
 * the option on makes one, so the others pay neither for it nor for its timer callback; the
 * watch runs only while bytes are queued, started again by the next socket write.
 */
export class WriteStallWatch extends ConnectionWatch {
  private readonly socket: Transport;
  // When bytes last left the socket's queue (or the watch started), and how many had by then.
  private since = 0;
  private sent = 0;

  constructor(
    connection: ConnectionCore,
    socket: Transport,
    timers: TimerQueue,
    timeoutMs: number,
  ) {
    super(connection, timers, timeoutMs);
    this.socket = socket;
  }

  /** After a socket write: starts watching the socket's queue if bytes are left in it. */
  afterSocketWrite(): void {
    if (this.timer !== 0) return;
    const queued = this.socket.writableLength;
    if (queued === 0 || this.connection.state === 'closed') return;
    this.sent = this.connection.stats.bytesWritten - queued;
    this.since = this.timers.now();
    this.timer = this.timers.add(stallCheckInterval(this.timeoutMs), this.check);
  }

  /**
   * Runs a few times per stall timeout while bytes wait in the socket: notes whether any left
   * since the last look (bytes handed to the socket minus those still queued only grows), and
   * aborts once none has left for the whole timeout.
   */
  private readonly check = (): void => {
    this.timer = 0;
    const connection = this.connection;
    if (connection.state === 'closed') return;
    const queued = this.socket.writableLength;
    // Nothing waits in the socket: the next write starts watching again.
    if (queued === 0) return;
    const sent = connection.stats.bytesWritten - queued;
    const now = this.timers.now();
    if (sent !== this.sent) {
      this.sent = sent;
      this.since = now;
    } else if (now - this.since >= this.timeoutMs) {
      connection.abort(
        new NetError(
          'write-stall',
          `the peer at ${connection.remoteAddress} has not read for ${Math.round(now - this.since)} ms (limit ${this.timeoutMs} ms) while ${describeBytes(connection.pendingOutputBytes)} waited to be sent, so the connection was aborted`,
          { address: connection.remoteAddress },
        ),
      );
      return;
    }
    this.timer = this.timers.add(stallCheckInterval(this.timeoutMs), this.check);
  };
}

/** How often a write stall is looked for: four times per timeout, so one is found within 1.25×. */
function stallCheckInterval(timeoutMs: number): number {
  return Math.max(1, timeoutMs / 4);
}

/** `512 bytes`, `48.0 KiB`, `12.5 MiB`: a byte count for a person. */
function describeBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
