import { ByteBufferError } from './net-error.js';

/** Options of a {@link ByteBuffer}. All sizes are in bytes. */
export interface ByteBufferOptions {
  /** Room for data at creation, after the prepend space. Default 1024. */
  readonly initialCapacity?: number;
  /** Space reserved in front of the data for {@link ByteBuffer.prependU32} and friends. Default 32. */
  readonly prependSize?: number;
  /** Largest total size the buffer may grow to (prepend space included). Default 64 MiB. */
  readonly maxCapacity?: number;
}

const DEFAULT_INITIAL_CAPACITY = 1024;
const DEFAULT_PREPEND_SIZE = 32;
const DEFAULT_MAX_CAPACITY = 64 * 1024 * 1024;
const HAND_OFF_SLAB_SIZE = 64 * 1024;

function checkSize(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ByteBufferError(
      'invalid-value',
      `ByteBuffer option ${name} must be an integer >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

/** The error for an argument that is not a valid `kind` (an offset, a length, a u32, ...). */
export function invalidValue(kind: string, value: unknown): ByteBufferError {
  return new ByteBufferError('invalid-value', `${String(value)} is not a valid ${kind}`);
}

/**
 * The backing array of a {@link ByteBuffer} and where its bytes sit in it: the indices, the
 * bounds check every read goes through, and how the array compacts, grows and shrinks. The
 * fields live here, on the same object as the read/write methods that use them, so a read costs
 * no more than it would in one class; {@link ByteOwnership} and {@link ByteBuffer} build on it.
 */
export abstract class ByteStorage {
  protected storage: Buffer;
  protected reader: number;
  protected writer: number;
  // Bytes below this index were handed off (see handOff) and must never be written again.
  protected floor = 0;
  // A grown array kept aside while an adopted chunk is the storage, reused when that overflows.
  protected spare: Buffer | undefined;
  protected readonly reserved: number;
  protected readonly initialCapacity: number;
  /** Largest total size this buffer may grow to, prepend space included. */
  readonly maxCapacity: number;

  constructor(options: ByteBufferOptions = {}) {
    this.initialCapacity = checkSize(
      'initialCapacity',
      options.initialCapacity ?? DEFAULT_INITIAL_CAPACITY,
      0,
    );
    this.reserved = checkSize('prependSize', options.prependSize ?? DEFAULT_PREPEND_SIZE, 0);
    const maxCapacity = checkSize('maxCapacity', options.maxCapacity ?? DEFAULT_MAX_CAPACITY, 1);
    if (maxCapacity < this.reserved + this.initialCapacity) {
      throw new ByteBufferError(
        'invalid-value',
        `ByteBuffer option maxCapacity (${maxCapacity}) must be at least prependSize + initialCapacity (${this.reserved + this.initialCapacity})`,
      );
    }
    this.maxCapacity = maxCapacity;
    this.storage = Buffer.allocUnsafeSlow(this.reserved + this.initialCapacity);
    this.reader = this.reserved;
    this.writer = this.reserved;
  }

  /** Bytes written and not yet read. */
  get readableBytes(): number {
    return this.writer - this.reader;
  }

  /** Bytes that can be written without growing or compacting. */
  get writableBytes(): number {
    return this.storage.length - this.writer;
  }

  /** Bytes in front of the readable data, available to the prepend methods. */
  get prependableBytes(): number {
    return this.reader - this.floor;
  }

  /** Current total size of the backing array. */
  get capacity(): number {
    return this.storage.length;
  }

  /** Offset of the first readable byte in {@link ByteBuffer.bytes}. */
  get readerIndex(): number {
    return this.reader;
  }

  /** Offset one past the last readable byte in {@link ByteBuffer.bytes}. */
  get writerIndex(): number {
    return this.writer;
  }

  /**
   * The backing array, for parsing in place between `readerIndex` and `writerIndex`, or for
   * encoding in place after {@link ByteBuffer.ensureWritable}. Replaced on growth: do not keep it.
   */
  get bytes(): Uint8Array {
    return this.storage;
  }

  /**
   * The array index of `length` readable bytes `offset` bytes after the reader index. Every read
   * goes through it, so a length or offset read off the wire can never reach past the data.
   */
  protected need(offset: number, length: number): number {
    const at = this.reader + offset;
    if (offset >= 0 && length >= 0 && at + length <= this.writer && Number.isInteger(at + length)) {
      return at;
    }
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidValue('offset', offset);
    if (!Number.isSafeInteger(length) || length < 0) throw invalidValue('length', length);
    throw new ByteBufferError(
      'insufficient-data',
      `cannot read ${length} byte(s) at offset ${offset}: only ${this.writer - this.reader} readable`,
    );
  }

  /** Consumes everything readable; the indices return to the start, after the prepend space. */
  retrieveAll(): void {
    const start = this.start();
    this.reader = start;
    this.writer = start;
  }

  /** Where data starts when the buffer is empty: after the prepend space and handed-off bytes. */
  protected start(): number {
    // An adopted chunk may be shorter than the prepend space.
    return Math.min(Math.max(this.floor, this.reserved), this.storage.length);
  }

  /**
   * Makes at least `length` bytes writable: compacts when moving the unread bytes to the front
   * makes enough room, otherwise grows by doubling, up to `maxCapacity`.
   * @throws ByteBufferError `capacity-exceeded` when the result would exceed `maxCapacity`.
   */
  ensureWritable(length: number): void {
    if (this.storage.length - this.writer >= length) return;
    this.makeSpace(length);
  }

  /**
   * Makes room, in one step, for `total` readable bytes in all (those readable now and those
   * still to come), e.g. a frame whose header announced its length: when the backing array
   * cannot hold them, the readable bytes move into one array sized for exactly `total` (plus the
   * prepend space), so writes up to `total` then append without growing or copying again, and
   * {@link ByteBuffer.takeOwned} can hand the whole array over once it is full. Whoever writes
   * past `total` (the start of what follows) makes the buffer grow, so a writer that knows where
   * the range ends writes up to it first and the rest after it is taken (as `Connection` does).
   * Does nothing when the array can hold them already (compacting on demand as usual).
   * @throws ByteBufferError `capacity-exceeded` when `total` plus the prepend space exceeds
   * `maxCapacity`; `invalid-value` when `total` is not a non-negative integer.
   */
  ensureReadableCapacity(total: number): void {
    if (!Number.isSafeInteger(total) || total < 0) throw invalidValue('length', total);
    const storage = this.storage;
    if (this.reader + total <= storage.length) return;
    const needed = this.reserved + total;
    if (this.floor === 0 && needed <= storage.length) return;
    if (needed > this.maxCapacity) {
      throw new ByteBufferError(
        'capacity-exceeded',
        `ByteBuffer cannot make room for ${total} readable bytes: over its maxCapacity of ${this.maxCapacity}`,
      );
    }
    const spare = this.spare;
    const next =
      spare !== undefined && spare.length >= needed ? spare : Buffer.allocUnsafeSlow(needed);
    this.spare = undefined;
    const readable = this.writer - this.reader;
    storage.copy(next, this.reserved, this.reader, this.writer);
    this.storage = next;
    this.floor = 0;
    this.reader = this.reserved;
    this.writer = this.reserved + readable;
  }

  /** The writes' slow path, taken only when the room left is too small (see ensureWritable). */
  protected makeSpace(length: number): void {
    if (!Number.isSafeInteger(length) || length < 0) throw invalidValue('length', length);
    const readable = this.writer - this.reader;
    const needed = this.reserved + readable + length;
    const storage = this.storage;
    if (needed <= storage.length && this.floor === 0) {
      // Compaction suffices: moving the unread bytes down avoids a new allocation.
      storage.copyWithin(this.reserved, this.reader, this.writer);
    } else {
      if (needed > this.maxCapacity) {
        throw new ByteBufferError(
          'capacity-exceeded',
          `ByteBuffer needs ${needed} bytes (${readable} unread + ${length} more), over its maxCapacity of ${this.maxCapacity}`,
        );
      }
      const spare = this.spare;
      let next: Buffer;
      if (spare !== undefined && spare.length >= needed) {
        next = spare;
      } else {
        let size: number;
        if (this.floor !== 0) {
          // Ran off the end after hand-offs: start a fresh array sized for what is needed now
          // (at least a slab, so small writes allocate rarely), not for the largest burst seen.
          // A large need gets a slab of headroom: the chunk completing a large frame usually
          // brings the start of the next one, which must not force the whole frame to move again.
          size =
            needed >= HAND_OFF_SLAB_SIZE
              ? needed + HAND_OFF_SLAB_SIZE
              : Math.max(needed, Math.min(storage.length * 2, HAND_OFF_SLAB_SIZE));
        } else {
          size = Math.max(storage.length, 1);
          while (size < needed) size *= 2;
        }
        next = Buffer.allocUnsafeSlow(Math.min(size, this.maxCapacity));
      }
      this.spare = undefined;
      storage.copy(next, this.reserved, this.reader, this.writer);
      this.storage = next;
      this.floor = 0;
    }
    this.reader = this.reserved;
    this.writer = this.reserved + readable;
  }

  /**
   * Moves the unread bytes to the front (just after the prepend space), making all free space
   * writable without growing.
   */
  compact(): void {
    const start = this.start();
    if (this.reader <= start) return;
    const readable = this.writer - this.reader;
    this.storage.copyWithin(start, this.reader, this.writer);
    this.reader = start;
    this.writer = start + readable;
  }

  /**
   * Returns the backing array to `initialCapacity` (keeping the unread bytes) when it has grown
   * beyond that: an idle connection should not pin a buffer sized for its largest message.
   */
  shrink(): void {
    const readable = this.writer - this.reader;
    const size = this.reserved + Math.max(this.initialCapacity, readable);
    if (size >= this.storage.length) return;
    const smaller = Buffer.allocUnsafeSlow(size);
    this.storage.copy(smaller, this.reserved, this.reader, this.writer);
    this.storage = smaller;
    this.spare = undefined;
    this.floor = 0;
    this.reader = this.reserved;
    this.writer = this.reserved + readable;
  }
}
