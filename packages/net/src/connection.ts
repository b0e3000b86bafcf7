import {
  Interest,
  type InterestSet,
  type Operation,
  type PollSource,
  suspend,
  type TimerQueue,
} from '@yrpc/poller';
import { ByteBuffer } from './byte-buffer.js';
import {
  type ConnectionOptions,
  type FlushTiming,
  type ResolvedConnectionOptions,
  resolveConnectionOptions,
} from './connection-options.js';
import type { ConnectionStats, MutableConnectionStats } from './connection-stats.js';
import { defaultTimers } from './default-timers.js';
import { IdleWatch } from './idle-watch.js';
import { InputFlow } from './input-flow.js';
import { NetError } from './net-error.js';
import { OutputFlow } from './output-flow.js';
import { ReadinessWatchers } from './readiness-watchers.js';
import { toNetError } from './socket-error.js';
import { describeAddress, type Transport } from './transport.js';
import { noop, type Waiter } from './waiter.js';
import { WriteStallWatch } from './write-stall-watch.js';

/** Lifecycle of a {@link Connection}. */
export type ConnectionState = 'open' | 'closing' | 'closed';

/**
 * One byte-stream connection with an input buffer filled from the socket and an output buffer
 * drained into it.
 *
 * Writes made in one tick are coalesced into one `socket.write` (flushed at the end of the data
 * event being handled, or by a microtask). The socket receives bytes the output buffer hands off
 * and never writes over again, so nothing is copied on the way out. Incoming chunks are adopted
 * by the input buffer without copying when it is empty.
 *
 * Backpressure both ways: reading pauses while more than `inputHighWaterMark` unread bytes are
 * buffered and resumes at `inputLowWaterMark` — except while the consumer waits for more bytes
 * than are buffered ({@link Connection.expectInput}, or a {@link Connection.whenReadable} /
 * {@link Connection.read} for more), so a frame up to `maxInputBufferSize` is always read to its
 * end; while more than `outputHighWaterMark` bytes wait to be sent, {@link Connection.write}
 * returns false and {@link Connection.whenDrained} waiters wait until the backlog drops to
 * `outputLowWaterMark`. With `writeStallTimeoutMs`, a peer that stops reading while output waits
 * is detected and the connection aborted (NetError `write-stall`).
 *
 * Views into {@link Connection.input} are valid until the next data event or write to it.
 */
export class Connection implements PollSource {
  /** Received bytes not yet consumed: parse in place, then `retrieve` what you used. */
  readonly input: ByteBuffer;
  /** Bytes waiting to be sent; write through {@link Connection.write} or {@link Connection.beginWrite}. */
  readonly output: ByteBuffer;
  /** Counters, updated in place. */
  readonly stats: ConnectionStats;
  /** The peer's address (`host:port`, or `peer` when unknown), for messages and logs. */
  readonly remoteAddress: string;

  private readonly socket: Transport;
  private readonly options: ResolvedConnectionOptions;
  private readonly timers: TimerQueue;
  private readonly counters: MutableConnectionStats;
  private currentState: ConnectionState = 'open';
  private reason: NetError | null | undefined;
  private failure: NetError | undefined;
  private peerEnded = false;
  private writeEnded = false;
  // The helpers, made once per connection: expectations, parked readers and the high-water
  // pause (input-flow.ts); coalesced writes, flushes and drain waiters (output-flow.ts); the
  // idle and write-stall timeouts, undefined when their option is off (the default). Declared,
  // not defined as class fields: a class field starts out undefined, after which V8 no longer
  // knows what kind of object the field holds and checks it on every use in the data path
  // (measured: about 7% more instructions per received chunk).
  declare private readonly inputFlow: InputFlow;
  declare private readonly outputFlow: OutputFlow;
  declare private readonly idleWatch: IdleWatch | undefined;
  declare private readonly stallWatch: WriteStallWatch | undefined;
  private readableHandler: ((connection: Connection) => void) | undefined;
  private closeHandlers: ((reason: NetError | null) => void)[] = [];
  private closeTimer = 0;
  private closedPromise: Promise<NetError | null> | undefined;
  // PollSource: called when readiness may have changed; undefined while nobody watches.
  private readinessChanged: (() => void) | undefined;
  private readinessWatchers: ReadinessWatchers | undefined;

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

  /**
   * True while pending output is over the high-water mark: {@link Connection.write} returns false
   * then, and a writer that can wait should wait for {@link Connection.whenDrained}.
   */
  get outputBackedUp(): boolean {
    return this.pendingOutputBytes > this.options.outputHighWaterMark;
  }

  /** True once our write side is shut (after shutdown, close or the connection closing). */
  get writeShutDown(): boolean {
    return this.writeEnded;
  }

  /** True while reading is paused because the input buffer is over its high-water mark. */
  get readingPausedForBackpressure(): boolean {
    return this.inputFlow.paused;
  }

  /**
   * The input the consumer is waiting for, set by {@link Connection.expectInput}: the number of
   * readable bytes it needs before it can go on, or 0 when it declared none (or they arrived).
   */
  get expectedInput(): number {
    return this.inputFlow.expected;
  }

  // ── poll source (epoll-style readiness for a Poller) ──────────────────

  /**
   * What the connection is ready for now, as `Interest` bits (level-triggered): `Readable` while
   * unread input is buffered (at least {@link Connection.expectedInput} bytes when the consumer
   * declared an expectation, like epoll's `SO_RCVLOWAT`) or the peer ended (a read returns
   * false); `Writable` while the write side is open and output is not backed up
   * ({@link Connection.outputBackedUp}); `Closed` once closed.
   */
  pollReadiness(): InterestSet {
    let level = 0;
    const unread = this.input.readableBytes;
    if (this.peerEnded || (unread > 0 && unread >= this.inputFlow.expected))
      level |= Interest.Readable;
    if (!this.writeEnded && this.pendingOutputBytes <= this.options.outputHighWaterMark) {
      level |= Interest.Writable;
    }
    if (this.currentState === 'closed') level |= Interest.Closed;
    return level;
  }

  /**
   * Calls `onChange` whenever readiness may have changed — on data, end of input, drain, close
   * and when an expectation is met — until the returned function is called. What a Poller
   * registration uses; nothing is paid on the data path while nobody watches.
   */
  watchReadiness(onChange: () => void): () => void {
    this.readinessWatchers ??= new ReadinessWatchers((notify) => {
      this.readinessChanged = notify;
    });
    return this.readinessWatchers.add(onChange);
  }

  /** Why the connection closed, when it failed (its {@link Connection.closeReason}). */
  pollError(): unknown {
    return this.reason ?? undefined;
  }

  // ── callbacks ─────────────────────────────────────────────────────────

  /**
   * Sets the handler called (synchronously, inside the data event) whenever bytes arrive and
   * once at end of input. Writes it makes leave in the one socket write that ends the event.
   * A handler that throws aborts the connection with that error as cause.
   */
  onReadable(handler: ((connection: Connection) => void) | undefined): void {
    this.readableHandler = handler;
    if (handler !== undefined && (this.input.readableBytes > 0 || this.peerEnded)) {
      queueMicrotask(() => {
        if (this.readableHandler === handler && this.currentState !== 'closed') {
          this.deliverReadable();
        }
      });
    }
  }

  /** Sets the handler called when pending output drops to the low-water mark after being over the high one. */
  onDrain(handler: (() => void) | undefined): void {
    this.outputFlow.drainHandler = handler;
  }

  /** Adds a handler called once with the close reason (`null` for a clean close). */
  onClose(handler: (reason: NetError | null) => void): void {
    if (this.reason !== undefined) {
      const reason = this.reason;
      queueMicrotask(() => handler(reason));
      return;
    }
    this.closeHandlers.push(handler);
  }

  /** Resolves with the close reason once the connection is closed. Never rejects. */
  get closed(): Promise<NetError | null> {
    this.closedPromise ??= new Promise((resolve) => this.onClose(resolve));
    return this.closedPromise;
  }

  // ── waiting (the primitives coroutine operations park on) ──────────────

  /**
   * Calls `waiter.resume(true)` once at least `min` bytes are readable, `resume(false)` at end of
   * input with fewer, or `waiter.fail(reason)` if the connection fails first. Returns a cancel
   * function that removes the waiter. While it waits, reading does not stay paused for fewer than
   * `min` bytes, and a `min` over 64 KiB grows the input buffer ahead as
   * {@link Connection.expectInput} does. A `min` over `maxInputBufferSize` can never be met:
   * the waiter fails at once with a NetError `capacity-exceeded`.
   */
  whenReadable(min: number, waiter: Waiter<boolean>): () => void {
    if (this.input.readableBytes >= min) {
      waiter.resume(true);
      return noop;
    }
    if (this.peerEnded || this.currentState === 'closed') {
      if (this.reason) waiter.fail(this.reason);
      else waiter.resume(false);
      return noop;
    }
    if (min > this.options.maxInputBufferSize) {
      waiter.fail(this.tooMuchInput(min));
      return noop;
    }
    return this.inputFlow.park(min, waiter);
  }

  /**
   * Calls `waiter.resume()` at once when pending output is at or under the high-water mark,
   * otherwise once it drops to the low-water mark; `waiter.fail(reason)` if the connection closes
   * first. Returns a cancel function.
   */
  whenDrained(waiter: Waiter<void>): () => void {
    if (this.currentState === 'closed') {
      waiter.fail(this.closedError('wait for drain on'));
      return noop;
    }
    return this.outputFlow.whenDrained(waiter);
  }

  // ── coroutine operations ──────────────────────────────────────────────

  /**
   * Waits until at least `min` bytes are readable (true) or input ended with fewer (false).
   * Throws the close reason (a NetError) if the connection failed. Consume from
   * {@link Connection.input} afterwards; reading resumes once it is drained below the low mark.
   */
  *read(min = 1): Operation<boolean> {
    if (this.input.readableBytes >= min) {
      const inputFlow = this.inputFlow;
      if (inputFlow.paused) inputFlow.resumeIfBelowLowWater();
      return true;
    }
    return yield* suspend<boolean>((resumer) => this.whenReadable(min, resumer));
  }

  /** Waits while pending output is over the high-water mark, until it drops to the low one. */
  *drain(): Operation<void> {
    if (
      this.currentState !== 'closed' &&
      this.pendingOutputBytes <= this.options.outputHighWaterMark
    ) {
      return;
    }
    yield* suspend<void>((resumer) => this.whenDrained(resumer));
  }

  /** Writes `bytes` (see {@link Connection.write}) and waits if that put output over its limit. */
  *send(bytes: Uint8Array): Operation<void> {
    if (!this.write(bytes)) yield* this.drain();
  }

  /** Waits until the connection is closed; returns the close reason (`null` for a clean close). */
  *untilClosed(): Operation<NetError | null> {
    if (this.reason !== undefined) return this.reason;
    return yield* suspend<NetError | null>((resumer) => {
      this.onClose((reason) => resumer.resume(reason));
    });
  }

  // ── reading control ───────────────────────────────────────────────────

  /**
   * Stops reading from the socket until {@link Connection.resumeReading} — e.g. while a server's
   * own output is backed up and it should take no more requests. Independent of the automatic
   * pause at the input high-water mark.
   */
  pauseReading(): void {
    this.inputFlow.pauseByUser();
  }

  /** Undoes {@link Connection.pauseReading} (reading stays paused while input is over its mark). */
  resumeReading(): void {
    this.inputFlow.resumeByUser();
  }

  /**
   * Declares that the consumer cannot go on until at least `bytes` unread bytes are buffered —
   * e.g. a frame whose header announced its total length. Until they are, the automatic pause at
   * `inputHighWaterMark` does not hold reading (a paused socket resumes), so a frame of any size
   * up to `maxInputBufferSize` is read to its end; and when the input buffer's array cannot hold
   * them, it moves, once, now, into an array of exactly `bytes`, so the rest of the frame is
   * appended without further copies. A chunk that completes the range and brings more is then
   * delivered in two steps (the range alone, then the rest), so the consumer can take the range
   * whole (`readOwned`, `takeOwned`). The memory is taken before the bytes arrive: check a length
   * read off the wire against your limits first.
   *
   * The expectation ends once `bytes` are buffered, or with `expectInput(0)`; calling it again
   * replaces it (repeating the same value costs next to nothing). A pause requested with
   * {@link Connection.pauseReading} still holds.
   * @throws NetError `capacity-exceeded` when `bytes` exceeds `maxInputBufferSize`;
   * `invalid-value` when it is not a non-negative integer.
   */
  expectInput(bytes: number): void {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new NetError(
        'invalid-value',
        `expectInput needs a byte count (a non-negative integer), got ${String(bytes)}`,
        { address: this.remoteAddress },
      );
    }
    if (bytes > this.options.maxInputBufferSize) throw this.tooMuchInput(bytes);
    // Dropping an expectation may make buffered input Readable.
    if (this.inputFlow.expect(bytes) && this.readinessChanged !== undefined) {
      this.readinessChanged();
    }
  }

  private tooMuchInput(bytes: number): NetError {
    return new NetError(
      'capacity-exceeded',
      `cannot wait for ${bytes} bytes of input from ${this.remoteAddress}: the connection buffers at most ${this.options.maxInputBufferSize} (maxInputBufferSize)`,
      { address: this.remoteAddress },
    );
  }

  // ── writing ───────────────────────────────────────────────────────────

  /**
   * Appends `bytes` (copied) to the output; they leave with every other write of this tick in
   * one socket write. Returns false when pending output is over the high-water mark: wait for
   * {@link Connection.whenDrained} (or `onDrain`) before writing more.
   * `flush` says when the tick's writes leave (default: the `flush` option): a writer that
   * produces many small frames in a row (a stream) passes `immediate` so that they leave
   * together at the end of the event loop's turn rather than one per promise job.
   * @throws NetError `closed` after close or shutdown; ByteBufferError `capacity-exceeded`.
   */
  write(bytes: Uint8Array, flush: FlushTiming = this.options.flush): boolean {
    if (this.writeEnded) throw this.closedError('write to');
    this.output.writeBytes(bytes);
    this.outputFlow.schedule(flush);
    return this.pendingOutputBytes <= this.options.outputHighWaterMark;
  }

  /**
   * Like {@link Connection.write}, but hands `bytes` to the socket without copying them: the
   * caller gives them up and must not change them afterwards. Worth it for large payloads (tens
   * of KiB and up); small ones are cheaper to copy. The bytes leave in order with the other
   * writes of this tick, in one vectored (corked) socket write. `flush` as for `write`.
   * `onWritten` is called once the socket has written them, from when on the caller may write
   * over the array again (e.g. to encode the next large message into it without touching fresh
   * memory); never if the connection fails first, and never on transports other than a plain
   * TCP socket (TLS, an in-memory pair, any Duplex), which may keep the bytes after the write.
   * @throws NetError `closed` after close or shutdown.
   */
  writeOwned(
    bytes: Uint8Array,
    flush: FlushTiming = this.options.flush,
    onWritten?: () => void,
  ): boolean {
    if (this.writeEnded) throw this.closedError('write to');
    const outputFlow = this.outputFlow;
    outputFlow.addOwned(bytes, onWritten);
    outputFlow.schedule(flush);
    return this.pendingOutputBytes <= this.options.outputHighWaterMark;
  }

  /**
   * Returns the output buffer for encoding in place (write or reserve/commit into it) and
   * schedules the flush that sends whatever was added this tick (`flush` as for `write`).
   * @throws NetError `closed` after close or shutdown.
   */
  beginWrite(flush: FlushTiming = this.options.flush): ByteBuffer {
    if (this.writeEnded) throw this.closedError('write to');
    this.outputFlow.schedule(flush);
    return this.output;
  }

  /** Sends buffered output now instead of at the end of the tick. */
  flush(): void {
    const outputFlow = this.outputFlow;
    if (outputFlow.congested || this.socket.destroyed) return;
    if (!outputFlow.hasOutput) return;
    this.sendOutput();
  }

  /** Sends what waits (see OutputFlow.send), then tells whoever tracks activity and readiness. */
  private sendOutput(): void {
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

  private closedError(what: string): NetError {
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

  private readonly handleData = (chunk: Buffer): void => {
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
  private deliverReadable(flush = true): void {
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
