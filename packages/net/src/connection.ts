import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
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
import { defaultTimers } from './default-timers.js';
import { NetError } from './net-error.js';
import { ReadinessWatchers } from './readiness-watchers.js';
import { toNetError } from './socket-error.js';

/** A byte stream a {@link Connection} runs over: a `net.Socket`, a `tls.TLSSocket`, or any Duplex. */
export type Transport = Duplex &
  Partial<Pick<Socket, 'setNoDelay' | 'setKeepAlive' | 'resetAndDestroy' | 'remoteAddress'>> &
  Partial<Pick<Socket, 'remotePort' | 'localAddress' | 'localPort'>>;

/** Lifecycle of a {@link Connection}. */
export type ConnectionState = 'open' | 'closing' | 'closed';

/** Counters of one {@link Connection}, updated in place. */
export interface ConnectionStats {
  /** Bytes received from the peer. */
  readonly bytesRead: number;
  /** Bytes handed to the socket. */
  readonly bytesWritten: number;
  /** Calls to `socket.write`: with coalescing, one per tick that wrote anything. */
  readonly socketWrites: number;
  /** Chunks received from the socket. */
  readonly reads: number;
}

/** A parked waiter: the shape of a coroutine's `Resumer`, or an adapter around a callback. */
export interface Waiter<T> {
  resume(value: T): void;
  fail(error: unknown): void;
}

interface ReadWaiter {
  readonly min: number;
  readonly waiter: Waiter<boolean>;
}

interface MutableStats {
  bytesRead: number;
  bytesWritten: number;
  socketWrites: number;
  reads: number;
}

// Expectations (expectInput, read waiters) above this grow the input buffer ahead of the bytes;
// smaller ones wait for the next socket chunk, which is adopted without copying.
const GROW_AHEAD_MIN = 64 * 1024;
// inputCheckAt while paused: out of reach, and a small integer (Infinity would box the field).
const NO_INPUT_CHECK = 0x7fff_ffff;

function describeAddress(socket: Transport): string {
  const host = socket.remoteAddress;
  if (host === undefined) return 'peer';
  return socket.remotePort === undefined ? host : `${host}:${socket.remotePort}`;
}

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
  private readonly counters: MutableStats;
  private currentState: ConnectionState = 'open';
  private reason: NetError | null | undefined;
  private failure: NetError | undefined;
  private peerEnded = false;
  private writeEnded = false;
  private microtaskFlushScheduled = false;
  private immediateFlushScheduled = false;
  private inDataEvent = false;
  private congested = false;
  private readingPaused = false;
  private readingPausedByUser = false;
  // Bytes the consumer said it needs (expectInput); 0 = none. Cleared once buffered.
  private expected = 0;
  // The largest `min` of a read waiter above the input high-water mark; 0 = none.
  private readerNeed = 0;
  // handleData looks at the pause and the expectations only once this many bytes are readable.
  private inputCheckAt: number;
  private readableHandler: ((connection: Connection) => void) | undefined;
  private drainHandler: (() => void) | undefined;
  private closeHandlers: ((reason: NetError | null) => void)[] = [];
  private readWaiters: ReadWaiter[] = [];
  private drainWaiters: Waiter<void>[] = [];
  private idleTimer = 0;
  private closeTimer = 0;
  private lastActivity = 0;
  // Write-stall detection (writeStallTimeoutMs): off when stallMs is 0.
  private readonly stallMs: number;
  private readonly checkStall: () => void;
  private stallTimer = 0;
  private stallSince = 0;
  private stallSent = 0;
  private closedPromise: Promise<NetError | null> | undefined;
  // Bytes handed over by writeOwned, in order with the output buffer's bytes between them.
  private chunks: Uint8Array[] = [];
  // A plain TCP socket: once a write completed synchronously (nothing queued in the socket),
  // the kernel has the bytes and the output buffer's array may be written over again.
  private readonly reclaimOutput: boolean;
  private chunkBytes = 0;
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
    this.reclaimOutput =
      socket instanceof Socket && (socket as { encrypted?: boolean }).encrypted !== true;
    this.counters = { bytesRead: 0, bytesWritten: 0, socketWrites: 0, reads: 0 };
    this.stats = this.counters;
    this.inputCheckAt = o.inputHighWaterMark;
    this.stallMs = o.writeStallTimeoutMs;
    // Only a connection that watches for write stalls pays for the check's closure.
    this.checkStall = this.stallMs > 0 ? () => this.stallCheck() : noop;
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
    if (o.noDelay) socket.setNoDelay?.(true);
    if (o.keepAlive) socket.setKeepAlive?.(true, o.keepAliveInitialDelayMs);
    // We decide what the peer's end means (allowHalfOpen option), not the stream.
    (socket as { allowHalfOpen?: boolean }).allowHalfOpen = true;
    socket.on('data', this.handleData);
    socket.on('end', this.handleEnd);
    socket.on('drain', this.handleDrain);
    socket.on('error', this.handleError);
    socket.on('close', this.handleClose);
    if (o.idleTimeoutMs > 0) {
      this.lastActivity = this.timers.now();
      this.idleTimer = this.timers.add(o.idleTimeoutMs, this.checkIdle);
    }
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
    return this.output.readableBytes + this.chunkBytes + this.socket.writableLength;
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
    return this.readingPaused;
  }

  /**
   * The input the consumer is waiting for, set by {@link Connection.expectInput}: the number of
   * readable bytes it needs before it can go on, or 0 when it declared none (or they arrived).
   */
  get expectedInput(): number {
    return this.expected;
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
    if (this.peerEnded || (unread > 0 && unread >= this.expected)) level |= Interest.Readable;
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
    this.drainHandler = handler;
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
    const entry: ReadWaiter = { min, waiter };
    this.readWaiters.push(entry);
    // The waiter needs more than is buffered: a high-water pause must not hold it.
    if (this.readingPaused) this.unpause();
    if (min > this.options.inputHighWaterMark) this.noteLargeReader(min);
    return () => {
      removeItem(this.readWaiters, entry);
      if (this.readerNeed !== 0 && entry.min >= this.readerNeed) this.updateReaderNeed();
    };
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
    if (this.pendingOutputBytes <= this.options.outputHighWaterMark) {
      waiter.resume();
      return noop;
    }
    this.drainWaiters.push(waiter);
    return () => removeItem(this.drainWaiters, waiter);
  }

  // ── coroutine operations ──────────────────────────────────────────────

  /**
   * Waits until at least `min` bytes are readable (true) or input ended with fewer (false).
   * Throws the close reason (a NetError) if the connection failed. Consume from
   * {@link Connection.input} afterwards; reading resumes once it is drained below the low mark.
   */
  *read(min = 1): Operation<boolean> {
    if (this.input.readableBytes >= min) {
      if (this.readingPaused) this.resumeReadingIfBelowLowWater();
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
    if (this.readingPausedByUser) return;
    this.readingPausedByUser = true;
    if (!this.readingPaused) this.socket.pause();
  }

  /** Undoes {@link Connection.pauseReading} (reading stays paused while input is over its mark). */
  resumeReading(): void {
    if (!this.readingPausedByUser) return;
    this.readingPausedByUser = false;
    if (!this.readingPaused && !this.socket.destroyed) this.socket.resume();
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
    const input = this.input;
    if (bytes <= input.readableBytes) {
      this.expected = 0;
      // Dropping an expectation may make buffered input Readable.
      if (this.readinessChanged !== undefined) this.readinessChanged();
    } else {
      this.expected = bytes;
      // Room for exactly the range, made once: the chunk completing it then fills it (see
      // handleData), and the consumer can take it without moving it again.
      input.ensureReadableCapacity(bytes);
      if (this.readingPaused) {
        this.unpause();
        return;
      }
    }
    this.updateInputCheck();
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
    this.scheduleFlush(flush);
    return this.pendingOutputBytes <= this.options.outputHighWaterMark;
  }

  /**
   * Like {@link Connection.write}, but hands `bytes` to the socket without copying them: the
   * caller gives them up and must not change them afterwards. Worth it for large payloads (tens
   * of KiB and up); small ones are cheaper to copy. The bytes leave in order with the other
   * writes of this tick, in one vectored (corked) socket write. `flush` as for `write`.
   * @throws NetError `closed` after close or shutdown.
   */
  writeOwned(bytes: Uint8Array, flush: FlushTiming = this.options.flush): boolean {
    if (this.writeEnded) throw this.closedError('write to');
    if (this.output.readableBytes > 0) {
      const buffered = this.output.handOff();
      this.chunks.push(buffered);
      this.chunkBytes += buffered.length;
    }
    this.chunks.push(bytes);
    this.chunkBytes += bytes.length;
    this.scheduleFlush(flush);
    return this.pendingOutputBytes <= this.options.outputHighWaterMark;
  }

  /**
   * Returns the output buffer for encoding in place (write or reserve/commit into it) and
   * schedules the flush that sends whatever was added this tick (`flush` as for `write`).
   * @throws NetError `closed` after close or shutdown.
   */
  beginWrite(flush: FlushTiming = this.options.flush): ByteBuffer {
    if (this.writeEnded) throw this.closedError('write to');
    this.scheduleFlush(flush);
    return this.output;
  }

  /** Sends buffered output now instead of at the end of the tick. */
  flush(): void {
    if (this.congested || this.socket.destroyed) return;
    if (this.output.readableBytes === 0 && this.chunks.length === 0) return;
    this.sendOutput();
  }

  private sendOutput(): void {
    const counters = this.counters;
    counters.socketWrites++;
    if (this.idleTimer !== 0) this.lastActivity = this.timers.now();
    let flowing: boolean;
    if (this.chunks.length === 0) {
      const bytes = this.output.handOff();
      counters.bytesWritten += bytes.length;
      flowing = this.socket.write(bytes);
    } else {
      const chunks = this.chunks;
      if (this.output.readableBytes > 0) chunks.push(this.output.handOff());
      this.chunks = [];
      this.chunkBytes = 0;
      const socket = this.socket;
      socket.cork();
      flowing = true;
      for (const chunk of chunks) {
        counters.bytesWritten += chunk.length;
        flowing = socket.write(chunk);
      }
      socket.uncork();
    }
    // Everything went to the kernel at once (the usual case): the output buffer keeps its array
    // and writes over the bytes just sent, instead of moving on to a fresh array every few
    // flushes (one allocation less per 64 KiB sent, and less work for the garbage collector).
    if (this.reclaimOutput && this.socket.writableLength === 0) this.output.reclaimHandedOff();
    if (!flowing) this.congested = true;
    else if (this.drainWaiters.length > 0) this.wakeDrainersIfBelowLowWater();
    // A write the socket took at once may have ended a backlog (Writable readiness).
    if (flowing && this.readinessChanged !== undefined) this.readinessChanged();
    if (this.stallMs !== 0 && this.stallTimer === 0) this.watchForStall();
  }

  /** Starts watching the socket's queue when bytes are left in it (writeStallTimeoutMs). */
  private watchForStall(): void {
    const queued = this.socket.writableLength;
    if (queued === 0 || this.currentState === 'closed') return;
    this.stallSent = this.counters.bytesWritten - queued;
    this.stallSince = this.timers.now();
    this.stallTimer = this.timers.add(stallCheckInterval(this.stallMs), this.checkStall);
  }

  /**
   * Runs a few times per stall timeout while bytes wait in the socket: notes whether any left
   * since the last look (bytes handed to the socket minus those still queued only grows), and
   * aborts once none has left for the whole timeout.
   */
  private stallCheck(): void {
    this.stallTimer = 0;
    if (this.currentState === 'closed') return;
    const queued = this.socket.writableLength;
    // Nothing waits in the socket: the next write starts watching again.
    if (queued === 0) return;
    const sent = this.counters.bytesWritten - queued;
    const now = this.timers.now();
    if (sent !== this.stallSent) {
      this.stallSent = sent;
      this.stallSince = now;
    } else if (now - this.stallSince >= this.stallMs) {
      this.abort(
        new NetError(
          'write-stall',
          `the peer at ${this.remoteAddress} has not read for ${Math.round(now - this.stallSince)} ms (limit ${this.stallMs} ms) while ${describeBytes(this.pendingOutputBytes)} waited to be sent, so the connection was aborted`,
          { address: this.remoteAddress },
        ),
      );
      return;
    }
    this.stallTimer = this.timers.add(stallCheckInterval(this.stallMs), this.checkStall);
  }

  private wakeDrainersIfBelowLowWater(): void {
    if (this.pendingOutputBytes > this.options.outputLowWaterMark) return;
    const waiters = this.drainWaiters;
    if (waiters.length > 0) {
      this.drainWaiters = [];
      for (const waiter of waiters) waiter.resume();
    }
    this.drainHandler?.();
  }

  /**
   * A microtask flush also sends what waits for an immediate one (which then finds nothing);
   * an immediate flush already scheduled does not keep a microtask one from being scheduled.
   */
  private scheduleFlush(flush: FlushTiming): void {
    if (this.inDataEvent) return;
    if (flush === 'microtask') {
      if (this.microtaskFlushScheduled) return;
      this.microtaskFlushScheduled = true;
      queueMicrotask(this.microtaskFlushTask);
    } else {
      if (this.immediateFlushScheduled || this.microtaskFlushScheduled) return;
      this.immediateFlushScheduled = true;
      setImmediate(this.immediateFlushTask);
    }
  }

  private readonly microtaskFlushTask = (): void => {
    this.microtaskFlushScheduled = false;
    this.flush();
  };

  private readonly immediateFlushTask = (): void => {
    this.immediateFlushScheduled = false;
    this.flush();
  };

  // ── closing ───────────────────────────────────────────────────────────

  /** Sends buffered output, then ends our side (half-close); reading continues. */
  shutdown(): void {
    if (this.writeEnded || this.socket.destroyed) return;
    this.writeEnded = true;
    if (this.output.readableBytes > 0 || this.chunks.length > 0) this.sendOutput();
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

  private readonly checkIdle = (): void => {
    this.idleTimer = 0;
    if (this.currentState === 'closed') return;
    const idleMs = this.options.idleTimeoutMs;
    const elapsed = this.timers.now() - this.lastActivity;
    if (elapsed >= idleMs) {
      this.abort(
        new NetError(
          'idle-timeout',
          `connection to ${this.remoteAddress} idle for ${Math.round(elapsed)} ms (limit ${idleMs} ms)`,
          { address: this.remoteAddress },
        ),
      );
      return;
    }
    this.idleTimer = this.timers.add(idleMs - elapsed, this.checkIdle);
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
    if (this.idleTimer !== 0) this.lastActivity = this.timers.now();
    const expected = this.expected;
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
    if (input.readableBytes >= this.inputCheckAt) this.inputReachedCheck();
    this.deliverReadable(last);
  }

  /**
   * Input reached `inputCheckAt`: ends an expectation now met, and pauses reading at the
   * high-water mark unless the consumer (expectInput) or a reader waits for more than is there.
   */
  private inputReachedCheck(): void {
    const readable = this.input.readableBytes;
    if (this.expected !== 0 && readable >= this.expected) this.expected = 0;
    if (
      !this.readingPaused &&
      readable >= this.options.inputHighWaterMark &&
      readable >= this.expected &&
      readable >= this.readerNeed
    ) {
      this.readingPaused = true;
      this.socket.pause();
    }
    this.updateInputCheck();
  }

  /**
   * Sets the input size at which handleData next has something to decide: an expectation met,
   * or the high-water pause (at the mark, or later while more is expected). Never while paused.
   */
  private updateInputCheck(): void {
    if (this.readingPaused) {
      this.inputCheckAt = NO_INPUT_CHECK;
      return;
    }
    const expected = this.expected;
    const pauseAt = Math.max(this.options.inputHighWaterMark, expected, this.readerNeed);
    this.inputCheckAt = expected !== 0 && expected < pauseAt ? expected : pauseAt;
  }

  /** Ends a high-water pause (a pause requested with pauseReading still holds). */
  private unpause(): void {
    this.readingPaused = false;
    if (!this.readingPausedByUser && !this.socket.destroyed) this.socket.resume();
    this.updateInputCheck();
  }

  /** A reader waits for `min` bytes, more than the high-water mark: reading must reach them. */
  private noteLargeReader(min: number): void {
    if (min > this.readerNeed) {
      this.readerNeed = min;
      this.updateInputCheck();
    }
    if (min > GROW_AHEAD_MIN) this.input.ensureReadableCapacity(min);
  }

  /** Recomputes the largest need of the read waiters after some left. */
  private updateReaderNeed(): void {
    const mark = this.options.inputHighWaterMark;
    let need = 0;
    for (const entry of this.readWaiters) {
      if (entry.min > mark && entry.min > need) need = entry.min;
    }
    this.readerNeed = need;
    this.updateInputCheck();
  }

  /** Runs the readable handler; `flush`: send what it wrote now (false: a later part does). */
  private deliverReadable(flush = true): void {
    this.inDataEvent = true;
    try {
      const handler = this.readableHandler;
      if (handler !== undefined) handler(this);
    } catch (error) {
      this.inDataEvent = false;
      this.abort(
        new NetError('io', `readable handler of the connection to ${this.remoteAddress} threw`, {
          address: this.remoteAddress,
          cause: error,
        }),
      );
      return;
    }
    this.inDataEvent = false;
    if (this.readWaiters.length > 0) this.wakeReaders();
    if (this.readinessChanged !== undefined) this.readinessChanged();
    if (flush) this.flush();
    if (this.readingPaused) this.resumeReadingIfBelowLowWater();
  }

  private wakeReaders(): void {
    const readable = this.input.readableBytes;
    const waiters = this.readWaiters;
    let kept = 0;
    for (let i = 0; i < waiters.length; i++) {
      const entry = waiters[i] as ReadWaiter;
      if (readable >= entry.min) entry.waiter.resume(true);
      else if (this.peerEnded) entry.waiter.resume(false);
      else waiters[kept++] = entry;
    }
    waiters.length = kept;
    if (this.readerNeed !== 0) this.updateReaderNeed();
  }

  /** Resumes a paused socket once the consumer has drained input to the low-water mark. */
  private resumeReadingIfBelowLowWater(): void {
    if (this.readingPaused && this.input.readableBytes <= this.options.inputLowWaterMark) {
      this.unpause();
    }
  }

  private readonly handleEnd = (): void => {
    this.peerEnded = true;
    this.deliverReadable();
    if (!this.options.allowHalfOpen || this.currentState === 'closing') this.shutdown();
  };

  private readonly handleDrain = (): void => {
    this.congested = false;
    if (this.output.readableBytes > 0 || this.chunks.length > 0) this.sendOutput();
    if (!this.congested) this.wakeDrainersIfBelowLowWater();
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
    if (this.idleTimer !== 0) this.timers.cancel(this.idleTimer);
    if (this.closeTimer !== 0) this.timers.cancel(this.closeTimer);
    if (this.stallTimer !== 0) this.timers.cancel(this.stallTimer);
    this.idleTimer = 0;
    this.closeTimer = 0;
    this.stallTimer = 0;
    const socket = this.socket;
    socket.off('data', this.handleData);
    socket.off('end', this.handleEnd);
    socket.off('drain', this.handleDrain);
    socket.off('close', this.handleClose);
    // Keep an error listener: a late error on a dead socket must not crash the process.
    this.output.retrieveAll();
    this.output.shrink();
    this.chunks = [];
    this.chunkBytes = 0;

    const readers = this.readWaiters;
    this.readWaiters = [];
    this.readerNeed = 0;
    for (const { min, waiter } of readers) {
      if (this.input.readableBytes >= min) waiter.resume(true);
      else if (reason) waiter.fail(reason);
      else waiter.resume(false);
    }
    const drainers = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of drainers) waiter.fail(this.closedError('wait for drain on'));
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const handler of handlers) handler(reason);
    if (this.readinessChanged !== undefined) this.readinessChanged();
  };
}

function noop(): void {}

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

function removeItem<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index >= 0) items.splice(index, 1);
}
