import type { TimerQueue } from '@yrpc/poller';
import { ByteBuffer } from './byte-buffer.js';
import {
  type ConnectionOptions,
  type ResolvedConnectionOptions,
  resolveConnectionOptions,
} from './connection-options.js';
import type { ConnectionStats, MutableConnectionStats } from './connection-stats.js';
import { defaultTimers } from './default-timers.js';
import { IdleWatch } from './idle-watch.js';
import { InputFlow } from './input-flow.js';
import { NetError } from './net-error.js';
import { OutputFlow } from './output-flow.js';
import { toNetError } from './socket-error.js';
import { describeAddress, type Transport } from './transport.js';
import { WriteStallWatch } from './write-stall-watch.js';

/** Lifecycle of a {@link Connection}. */
export type ConnectionState = 'open' | 'closing' | 'closed';

/**
 * The socket side of a {@link Connection}: its input and output buffers and the flows between
 * them and the socket, the socket's events (data in, end, drain, error, close), the flush of
 * pending output, and the connection's end (shutdown, graceful close, abort). {@link Connection}
 * builds on it the API its users call: waiting for input and drain, coroutine operations, poll
 * readiness, reading control and writes. Apart because that API only reads this state, and the
 * event and close paths are the ones a reader of the life of a socket needs together.
 */
export abstract class ConnectionCore {
  /** Received bytes not yet consumed: parse in place, then `retrieve` what you used. */
  readonly input: ByteBuffer;
  /** Bytes waiting to be sent; write through {@link Connection.write} or {@link Connection.beginWrite}. */
  readonly output: ByteBuffer;
  /** Counters, updated in place. */
  readonly stats: ConnectionStats;
  /** The peer's address (`host:port`, or `peer` when unknown), for messages and logs. */
  readonly remoteAddress: string;

  protected readonly socket: Transport;
  protected readonly options: ResolvedConnectionOptions;
  protected readonly timers: TimerQueue;
  protected readonly counters: MutableConnectionStats;
  protected currentState: ConnectionState = 'open';
  protected reason: NetError | null | undefined;
  protected failure: NetError | undefined;
  protected peerEnded = false;
  protected writeEnded = false;
  // The helpers, made once per connection: expectations, parked readers and the high-water
  // pause (input-flow.ts); coalesced writes, flushes and drain waiters (output-flow.ts); the
  // idle and write-stall timeouts, undefined when their option is off (the default). Declared,
  // not defined as class fields: a class field starts out undefined, after which V8 no longer
  // knows what kind of object the field holds and checks it on every use in the data path
  // (measured: about 7% more instructions per received chunk).
  declare protected readonly inputFlow: InputFlow;
  declare protected readonly outputFlow: OutputFlow;
  declare protected readonly idleWatch: IdleWatch | undefined;
  declare protected readonly stallWatch: WriteStallWatch | undefined;
  protected readableHandler: ((connection: this) => void) | undefined;
  protected closeHandlers: ((reason: NetError | null) => void)[] = [];
  protected closeTimer = 0;
  // PollSource: called when readiness may have changed; undefined while nobody watches.
  protected readinessChanged: (() => void) | undefined;

  /**
   * Wraps a connected socket. Options are validated (a bad one throws NetError `invalid-option`).
   * `timers` runs idle, close and write-stall timeouts; by default a process-wide TimerQueue.
   */
  constructor(socket: Transport, options: ConnectionOptions = {}, timers?: TimerQueue) {
    this.options = resolveConnectionOptions(options);
    const o = this.options;
    this.socket = socket;
    this.timers = timers ?? defaultTimers();
    this.remoteAddress = describeAddress(socket);
    this.counters = { bytesRead: 0, bytesWritten: 0, socketWrites: 0, reads: 0 };
    this.stats = this.counters;
    // Both buffers start empty: incoming chunks are adopted rather than copied, and output
    // arrays are allocated by the first write, so an idle connection holds next to nothing.
    this.input = new ByteBuffer({
      initialCapacity: 0,
      prependSize: 0,
      maxCapacity: o.maxInputBufferSize,
    });
    this.output = new ByteBuffer({
      initialCapacity: 0,
      prependSize: 0,
      maxCapacity: o.maxOutputBufferSize,
    });
    this.inputFlow = new InputFlow(this, socket, o);
    this.outputFlow = new OutputFlow(this, socket, o, this.counters);
    // Only a connection that watches for write stalls pays for the watch.
    this.stallWatch =
      o.writeStallTimeoutMs > 0
        ? new WriteStallWatch(this, socket, this.timers, o.writeStallTimeoutMs)
        : undefined;
    if (o.noDelay) socket.setNoDelay?.(true);
    if (o.keepAlive) socket.setKeepAlive?.(true, o.keepAliveInitialDelayMs);
    // We decide what the peer's end means (allowHalfOpen option), not the stream.
    (socket as { allowHalfOpen?: boolean }).allowHalfOpen = true;
    socket.on('data', this.handleData);
    socket.on('end', this.handleEnd);
    socket.on('drain', this.handleDrain);
    socket.on('error', this.handleError);
    socket.on('close', this.handleClose);
    this.idleWatch =
      o.idleTimeoutMs > 0 ? new IdleWatch(this, this.timers, o.idleTimeoutMs) : undefined;
    if (socket.destroyed) queueMicrotask(this.handleClose);
  }

  /** `open`, `closing` (graceful close under way) or `closed`. */
  get state(): ConnectionState {
    return this.currentState;
  }

  /** Why the connection closed: a NetError, `null` for a clean close, `undefined` while open. */
  get closeReason(): NetError | null | undefined {
    return this.reason;
  }

  /** True once the peer has ended its side (EOF): no more bytes will arrive. */
  get ended(): boolean {
    return this.peerEnded;
  }

  /** Bytes waiting to be sent: in the output buffer and in the socket's own queue. */
  get pendingOutputBytes(): number {
    return this.outputFlow.pendingBytes;
  }

  /** True once our write side is shut (after shutdown, close or the connection closing). */
  get writeShutDown(): boolean {
    return this.writeEnded;
  }

  /** Sends buffered output now instead of at the end of the tick. */
  flush(): void {
    const outputFlow = this.outputFlow;
    if (outputFlow.congested || this.socket.destroyed) return;
    if (!outputFlow.hasOutput) return;
    this.sendOutput();
  }

  /** Sends what waits (see OutputFlow.send), then tells whoever tracks activity and readiness. */
  protected sendOutput(): void {
    if (this.idleWatch !== undefined) this.idleWatch.touch();
    const flowing = this.outputFlow.send();
    // A write the socket took at once may have ended a backlog (Writable readiness).
    if (flowing && this.readinessChanged !== undefined) this.readinessChanged();
    if (this.stallWatch !== undefined) this.stallWatch.afterSocketWrite();
  }

  // ── closing ───────────────────────────────────────────────────────────

  /** Sends buffered output, then ends our side (half-close); reading continues. */
  shutdown(): void {
    if (this.writeEnded || this.socket.destroyed) return;
    this.writeEnded = true;
    if (this.outputFlow.hasOutput) this.sendOutput();
    this.socket.end();
  }

  /**
   * Graceful close: sends buffered output, ends our side and waits (up to `closeTimeoutMs`) for
   * the peer to end its side, then the connection is closed with reason `null`. Past the
   * timeout it is aborted with a NetError `timeout`.
   */
  close(): void {
    if (this.currentState !== 'open') return;
    this.currentState = 'closing';
    this.shutdown();
    if (this.currentState !== 'closing') return;
    this.closeTimer = this.timers.add(this.options.closeTimeoutMs, this.closeTimedOut);
  }

  /** Closes at once, discarding unsent output; TCP peers see a reset. */
  abort(reason?: NetError): void {
    if (this.currentState === 'closed') return;
    this.failure ??=
      reason ??
      new NetError('aborted', `connection to ${this.remoteAddress} aborted`, {
        address: this.remoteAddress,
      });
    this.currentState = 'closing';
    const socket = this.socket;
    try {
      if (
        typeof socket.resetAndDestroy === 'function' &&
        (socket as { _handle?: unknown })._handle
      ) {
        socket.resetAndDestroy();
      } else {
        socket.destroy();
      }
    } catch {
      socket.destroy();
    }
  }

  private readonly closeTimedOut = (): void => {
    this.closeTimer = 0;
    this.abort(
      new NetError(
        'timeout',
        `graceful close of the connection to ${this.remoteAddress} timed out after ${this.options.closeTimeoutMs} ms`,
        { address: this.remoteAddress },
      ),
    );
  };

  protected closedError(what: string): NetError {
    return new NetError(
      'closed',
      `cannot ${what} the connection to ${this.remoteAddress}: it is ${this.reason === undefined ? 'shut down' : 'closed'}`,
      {
        address: this.remoteAddress,
        ...(this.reason ? { cause: this.reason } : {}),
      },
    );
  }

  // ── socket events ─────────────────────────────────────────────────────

  protected readonly handleData = (chunk: Buffer): void => {
    const counters = this.counters;
    counters.reads++;
    counters.bytesRead += chunk.length;
    if (this.idleWatch !== undefined) this.idleWatch.touch();
    const expected = this.inputFlow.expected;
    if (expected !== 0) {
      // A chunk that completes an expected range and brings what follows it: the range first,
      // so that it fills the array made for it (which the consumer may then take whole, without
      // a copy), and the rest in a second delivery, whose own chunk is then taken as storage
      // (adopted) rather than copied after the range. Writes of both leave in one flush.
      const missing = expected - this.input.readableBytes;
      if (missing > 0 && chunk.length > missing) {
        this.takeChunk(chunk.subarray(0, missing), false);
        if (this.currentState === 'closed') return;
        chunk = chunk.subarray(missing);
      }
    }
    this.takeChunk(chunk, true);
  };

  /** Adds `chunk` to the input and lets the consumer read; `last`: the event's last chunk. */
  private takeChunk(chunk: Buffer, last: boolean): void {
    const input = this.input;
    try {
      input.adopt(chunk);
    } catch (error) {
      this.abort(toNetError(error, this.remoteAddress, 'reading from'));
      return;
    }
    const inputFlow = this.inputFlow;
    if (input.readableBytes >= inputFlow.checkAt) inputFlow.reached();
    this.deliverReadable(last);
  }

  /** Runs the readable handler; `flush`: send what it wrote now (false: a later part does). */
  protected deliverReadable(flush = true): void {
    const outputFlow = this.outputFlow;
    outputFlow.inDataEvent = true;
    try {
      const handler = this.readableHandler;
      if (handler !== undefined) handler(this);
    } catch (error) {
      outputFlow.inDataEvent = false;
      this.abort(
        new NetError('io', `readable handler of the connection to ${this.remoteAddress} threw`, {
          address: this.remoteAddress,
          cause: error,
        }),
      );
      return;
    }
    outputFlow.inDataEvent = false;
    const inputFlow = this.inputFlow;
    if (inputFlow.hasReaders) inputFlow.wakeReaders();
    if (this.readinessChanged !== undefined) this.readinessChanged();
    if (flush) this.flush();
    if (inputFlow.paused) inputFlow.resumeIfBelowLowWater();
  }

  private readonly handleEnd = (): void => {
    this.peerEnded = true;
    this.deliverReadable();
    if (!this.options.allowHalfOpen || this.currentState === 'closing') this.shutdown();
  };

  private readonly handleDrain = (): void => {
    const outputFlow = this.outputFlow;
    outputFlow.congested = false;
    if (outputFlow.hasOutput) this.sendOutput();
    if (!outputFlow.congested) outputFlow.wakeDrainersIfBelowLowWater();
    if (this.readinessChanged !== undefined) this.readinessChanged();
  };

  private readonly handleError = (error: Error): void => {
    this.failure ??= toNetError(error, this.remoteAddress, 'connection to');
  };

  private readonly handleClose = (): void => {
    if (this.currentState === 'closed') return;
    this.currentState = 'closed';
    this.writeEnded = true;
    const reason = this.failure ?? null;
    this.reason = reason;
    this.idleWatch?.stop();
    if (this.closeTimer !== 0) this.timers.cancel(this.closeTimer);
    this.stallWatch?.stop();
    this.closeTimer = 0;
    const socket = this.socket;
    socket.off('data', this.handleData);
    socket.off('end', this.handleEnd);
    socket.off('drain', this.handleDrain);
    socket.off('close', this.handleClose);
    // Keep an error listener: a late error on a dead socket must not crash the process.
    this.outputFlow.discard();

    this.inputFlow.releaseReaders(reason);
    const drainers = this.outputFlow.takeDrainWaiters();
    for (const waiter of drainers) waiter.fail(this.closedError('wait for drain on'));
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const handler of handlers) handler(reason);
    if (this.readinessChanged !== undefined) this.readinessChanged();
  };
}
