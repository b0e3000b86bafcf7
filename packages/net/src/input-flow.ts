import type { ByteBuffer } from './byte-buffer.js';
import type { ConnectionCore } from './connection-core.js';
import type { ResolvedConnectionOptions } from './connection-options.js';
import type { NetError } from './net-error.js';
import type { Transport } from './transport.js';
import { removeItem, type Waiter } from './waiter.js';

// Expectations (expectInput, read waiters) above this grow the input buffer ahead of the bytes;
// smaller ones wait for the next socket chunk, which is adopted without copying.
const GROW_AHEAD_MIN = 64 * 1024;
// checkAt while paused: out of reach, and a small integer (Infinity would box the field).
const NO_INPUT_CHECK = 0x7fff_ffff;

interface ReadWaiter {
  readonly min: number;
  readonly waiter: Waiter<boolean>;
}

/**
 * When a {@link Connection} reads from its socket, and whom it wakes when bytes arrive. Reading
 * pauses at `inputHighWaterMark` and resumes at `inputLowWaterMark`, except while the consumer
 * needs more than is buffered: an expectation ({@link Connection.expectInput}) or a parked
 * reader's `min` must be reached however large, or the consumer would wait forever on a paused
 * socket. So the expectation, the parked readers and the pause live together here; a pause the
 * user asked for ({@link Connection.pauseReading}) holds on its own. One per connection: the
 * data path reads its fields directly and calls in only when `checkAt` is reached.
 */
export class InputFlow {
  /** Bytes the consumer said it needs (expectInput); 0 = none. Cleared once buffered. */
  expected = 0;
  /** The data path looks at the pause and the expectations only once this many bytes are readable. */
  checkAt: number;
  /** True while reading is paused because the input buffer is over its high-water mark. */
  paused = false;
  private pausedByUser = false;
  // The largest `min` of a read waiter above the input high-water mark; 0 = none.
  private readerNeed = 0;
  private readWaiters: ReadWaiter[] = [];
  private readonly connection: ConnectionCore;
  private readonly socket: Transport;
  private readonly input: ByteBuffer;
  private readonly options: ResolvedConnectionOptions;

  constructor(connection: ConnectionCore, socket: Transport, options: ResolvedConnectionOptions) {
    this.connection = connection;
    this.socket = socket;
    this.input = connection.input;
    this.options = options;
    this.checkAt = options.inputHighWaterMark;
  }

  /** True while a reader is parked (see {@link InputFlow.park}). */
  get hasReaders(): boolean {
    return this.readWaiters.length > 0;
  }

  /**
   * Parks `waiter` until at least `min` bytes are readable (the connection has checked that they
   * are not yet, and can be); returns the function that cancels the wait. A high-water pause
   * must not hold it, and a `min` over 64 KiB grows the input buffer ahead.
   */
  park(min: number, waiter: Waiter<boolean>): () => void {
    const entry: ReadWaiter = { min, waiter };
    this.readWaiters.push(entry);
    // The waiter needs more than is buffered: a high-water pause must not hold it.
    if (this.paused) this.unpause();
    if (min > this.options.inputHighWaterMark) this.noteLargeReader(min);
    return () => {
      removeItem(this.readWaiters, entry);
      if (this.readerNeed !== 0 && entry.min >= this.readerNeed) this.updateReaderNeed();
    };
  }

  /** Wakes the parked readers whose `min` is buffered, and all of them once input ended. */
  wakeReaders(): void {
    const readable = this.input.readableBytes;
    const waiters = this.readWaiters;
    let kept = 0;
    for (let i = 0; i < waiters.length; i++) {
      const entry = waiters[i] as ReadWaiter;
      if (readable >= entry.min) entry.waiter.resume(true);
      else if (this.connection.ended) entry.waiter.resume(false);
      else waiters[kept++] = entry;
    }
    waiters.length = kept;
    if (this.readerNeed !== 0) this.updateReaderNeed();
  }

  /** The connection closed: every parked reader gets what is buffered, or the close reason. */
  releaseReaders(reason: NetError | null): void {
    const readers = this.readWaiters;
    this.readWaiters = [];
    this.readerNeed = 0;
    for (const { min, waiter } of readers) {
      if (this.input.readableBytes >= min) waiter.resume(true);
      else if (reason) waiter.fail(reason);
      else waiter.resume(false);
    }
  }

  /**
   * Sets the expectation of {@link Connection.expectInput} (checked there). Returns true when
   * `bytes` are buffered already, so the expectation ends and buffered input may have become
   * Readable.
   */
  expect(bytes: number): boolean {
    const input = this.input;
    if (bytes <= input.readableBytes) {
      this.expected = 0;
      this.updateInputCheck();
      return true;
    }
    this.expected = bytes;
    // Room for exactly the range, made once: the chunk completing it then fills it (see
    // Connection's handleData), and the consumer can take it without moving it again.
    input.ensureReadableCapacity(bytes);
    if (this.paused) this.unpause();
    else this.updateInputCheck();
    return false;
  }

  /**
   * Input reached `checkAt`: ends an expectation now met, and pauses reading at the high-water
   * mark unless the consumer (expectInput) or a reader waits for more than is there.
   */
  reached(): void {
    const readable = this.input.readableBytes;
    if (this.expected !== 0 && readable >= this.expected) this.expected = 0;
    if (
      !this.paused &&
      readable >= this.options.inputHighWaterMark &&
      readable >= this.expected &&
      readable >= this.readerNeed
    ) {
      this.paused = true;
      this.socket.pause();
    }
    this.updateInputCheck();
  }

  /** Resumes a paused socket once the consumer has drained input to the low-water mark. */
  resumeIfBelowLowWater(): void {
    if (this.paused && this.input.readableBytes <= this.options.inputLowWaterMark) {
      this.unpause();
    }
  }

  /** {@link Connection.pauseReading}: independent of the high-water pause. */
  pauseByUser(): void {
    if (this.pausedByUser) return;
    this.pausedByUser = true;
    if (!this.paused) this.socket.pause();
  }

  /** {@link Connection.resumeReading}: reading stays paused while input is over its mark. */
  resumeByUser(): void {
    if (!this.pausedByUser) return;
    this.pausedByUser = false;
    if (!this.paused && !this.socket.destroyed) this.socket.resume();
  }

  /**
   * Sets the input size at which the data path next has something to decide: an expectation
   * met, or the high-water pause (at the mark, or later while more is expected). Never while
   * paused.
   */
  private updateInputCheck(): void {
    if (this.paused) {
      this.checkAt = NO_INPUT_CHECK;
      return;
    }
    const expected = this.expected;
    const pauseAt = Math.max(this.options.inputHighWaterMark, expected, this.readerNeed);
    this.checkAt = expected !== 0 && expected < pauseAt ? expected : pauseAt;
  }

  /** Ends a high-water pause (a pause requested with pauseReading still holds). */
  private unpause(): void {
    this.paused = false;
    if (!this.pausedByUser && !this.socket.destroyed) this.socket.resume();
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
}
