import { Interest, type InterestSet, type Operation, type PollSource, suspend } from '@yrpc/poller';
import type { ByteBuffer } from './byte-buffer.js';
import { ConnectionCore } from './connection-core.js';
import type { FlushTiming } from './connection-options.js';
import { NetError } from './net-error.js';
import { ReadinessWatchers } from './readiness-watchers.js';
import { noop, type Waiter } from './waiter.js';

export type { ConnectionState } from './connection-core.js';

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
export class Connection extends ConnectionCore implements PollSource {
  private closedPromise: Promise<NetError | null> | undefined;
  private readinessWatchers: ReadinessWatchers | undefined;

  /**
   * True while pending output is over the high-water mark: {@link Connection.write} returns false
   * then, and a writer that can wait should wait for {@link Connection.whenDrained}.
   */
  get outputBackedUp(): boolean {
    return this.pendingOutputBytes > this.options.outputHighWaterMark;
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
}
