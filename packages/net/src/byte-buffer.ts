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
const TWO_POW_32 = 0x1_0000_0000;
const HAND_OFF_SLAB_SIZE = 64 * 1024;
const SMALL_COPY_LIMIT = 64;
// takeOwned copies below this: a copy is cheaper than giving the buffer a new array.
const OWNED_COPY_LIMIT = 16 * 1024;
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const I64_MIN = -0x8000_0000_0000_0000n;
const I64_MAX = 0x7fff_ffff_ffff_ffffn;

function checkSize(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ByteBufferError(
      'invalid-value',
      `ByteBuffer option ${name} must be an integer >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

function invalidValue(kind: string, value: unknown): ByteBufferError {
  return new ByteBufferError('invalid-value', `${String(value)} is not a valid ${kind}`);
}

/**
 * One growable byte array with a reader index, a writer index and reserved prepend space
 * (muduo's Buffer):
 *
 * ```
 * | prependable bytes | readable bytes | writable bytes |
 * 0             readerIndex      writerIndex        capacity
 * ```
 *
 * Integers are big-endian. Reads past the readable bytes throw a {@link ByteBufferError}
 * (`insufficient-data`); growth doubles up to `maxCapacity` and beyond it throws
 * (`capacity-exceeded`), so a length read off the wire can never trigger an unbounded allocation.
 * Views returned by {@link ByteBuffer.view} and {@link ByteBuffer.readView} share memory with the
 * buffer and stay valid only until the next write, compaction or growth; {@link ByteBuffer.take}
 * copies; {@link ByteBuffer.takeOwned} hands large ranges over without copying.
 */
export class ByteBuffer {
  private storage: Buffer;
  private reader: number;
  private writer: number;
  // Bytes below this index were handed off (see handOff) and must never be written again.
  private floor = 0;
  // A grown array kept aside while an adopted chunk is the storage, reused when that overflows.
  private spare: Buffer | undefined;
  private readonly reserved: number;
  private readonly initialCapacity: number;
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

  // ── reading ───────────────────────────────────────────────────────────

  private need(offset: number, length: number): number {
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

  /** The unsigned byte at `offset` from the reader index, without consuming it. */
  peekU8(offset = 0): number {
    return this.storage[this.need(offset, 1)] as number;
  }

  /** The signed byte at `offset` from the reader index, without consuming it. */
  peekI8(offset = 0): number {
    return ((this.storage[this.need(offset, 1)] as number) << 24) >> 24;
  }

  /** The big-endian unsigned 16-bit integer at `offset`, without consuming it. */
  peekU16(offset = 0): number {
    const at = this.need(offset, 2);
    const b = this.storage;
    return ((b[at] as number) << 8) | (b[at + 1] as number);
  }

  /** The big-endian signed 16-bit integer at `offset`, without consuming it. */
  peekI16(offset = 0): number {
    return (this.peekU16(offset) << 16) >> 16;
  }

  /** The big-endian unsigned 32-bit integer at `offset`, without consuming it. */
  peekU32(offset = 0): number {
    return this.peekI32(offset) >>> 0;
  }

  /** The big-endian signed 32-bit integer at `offset`, without consuming it. */
  peekI32(offset = 0): number {
    const at = this.need(offset, 4);
    const b = this.storage;
    return (
      ((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)
    );
  }

  /** The high 32 bits of the big-endian 64-bit integer at `offset`, without consuming it. */
  peekU64High(offset = 0): number {
    this.need(offset, 8);
    return this.peekU32(offset);
  }

  /** The low 32 bits of the big-endian 64-bit integer at `offset`, without consuming it. */
  peekU64Low(offset = 0): number {
    this.need(offset, 8);
    return this.peekU32(offset + 4);
  }

  /** The big-endian unsigned 64-bit integer at `offset` as a bigint, without consuming it. */
  peekU64BigInt(offset = 0): bigint {
    return this.storage.readBigUInt64BE(this.need(offset, 8));
  }

  /** The big-endian signed 64-bit integer at `offset` as a bigint, without consuming it. */
  peekI64BigInt(offset = 0): bigint {
    return this.storage.readBigInt64BE(this.need(offset, 8));
  }

  /** Reads an unsigned byte. */
  readU8(): number {
    const value = this.peekU8();
    this.reader += 1;
    return value;
  }

  /** Reads a signed byte. */
  readI8(): number {
    const value = this.peekI8();
    this.reader += 1;
    return value;
  }

  /** Reads a big-endian unsigned 16-bit integer. */
  readU16(): number {
    const value = this.peekU16();
    this.reader += 2;
    return value;
  }

  /** Reads a big-endian signed 16-bit integer. */
  readI16(): number {
    const value = this.peekI16();
    this.reader += 2;
    return value;
  }

  /** Reads a big-endian unsigned 32-bit integer. */
  readU32(): number {
    const value = this.peekI32() >>> 0;
    this.reader += 4;
    return value;
  }

  /** Reads a big-endian signed 32-bit integer. */
  readI32(): number {
    const value = this.peekI32();
    this.reader += 4;
    return value;
  }

  /**
   * Reads a big-endian unsigned 64-bit integer as a number; throws `invalid-value` (and consumes
   * nothing) when it exceeds `Number.MAX_SAFE_INTEGER`. For full range use the bigint form or
   * {@link ByteBuffer.peekU64High}/{@link ByteBuffer.peekU64Low} and {@link ByteBuffer.retrieve}.
   */
  readU64Number(): number {
    const high = this.peekU64High();
    if (high > MAX_SAFE_HIGH_WORD) {
      throw new ByteBufferError(
        'invalid-value',
        `64-bit value ${this.peekU64BigInt()} exceeds Number.MAX_SAFE_INTEGER`,
      );
    }
    const value = high * TWO_POW_32 + this.peekU32(4);
    this.reader += 8;
    return value;
  }

  /** Reads a big-endian unsigned 64-bit integer as a bigint. */
  readU64BigInt(): bigint {
    const value = this.peekU64BigInt();
    this.reader += 8;
    return value;
  }

  /** Reads a big-endian signed 64-bit integer as a bigint. */
  readI64BigInt(): bigint {
    const value = this.peekI64BigInt();
    this.reader += 8;
    return value;
  }

  /** Reads `length` bytes as UTF-8 text. */
  readUtf8(length: number): string {
    const at = this.need(0, length);
    const text = this.storage.toString('utf8', at, at + length);
    this.reader += length;
    return text;
  }

  /**
   * A zero-copy view of `length` readable bytes starting `offset` bytes after the reader index,
   * without consuming them. Valid until the next write, compaction or growth.
   */
  view(length: number = this.writer - this.reader, offset = 0): Uint8Array {
    const at = this.need(offset, length);
    return this.storage.subarray(at, at + length);
  }

  /** Like {@link ByteBuffer.view}, and consumes the bytes. Valid until the next write. */
  readView(length: number): Uint8Array {
    const at = this.need(0, length);
    this.reader += length;
    return this.storage.subarray(at, at + length);
  }

  /** Consumes `length` bytes and returns a copy the caller owns. */
  take(length: number = this.writer - this.reader): Uint8Array {
    const at = this.need(0, length);
    const copy = new Uint8Array(length);
    copy.set(this.storage.subarray(at, at + length));
    this.reader += length;
    if (this.reader === this.writer) this.retrieveAll();
    return copy;
  }

  /** Consumes (skips) `length` readable bytes. */
  retrieve(length: number): void {
    this.need(0, length);
    if (length === this.writer - this.reader) {
      this.retrieveAll();
    } else {
      this.reader += length;
    }
  }

  /** Consumes everything readable; the indices return to the start, after the prepend space. */
  retrieveAll(): void {
    const start = this.start();
    this.reader = start;
    this.writer = start;
  }

  /** Where data starts when the buffer is empty: after the prepend space and handed-off bytes. */
  private start(): number {
    // An adopted chunk may be shorter than the prepend space.
    return Math.min(Math.max(this.floor, this.reserved), this.storage.length);
  }

  // ── writing ───────────────────────────────────────────────────────────

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

  private makeSpace(length: number): void {
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

  /**
   * Reserves `length` writable bytes and returns a view of them for an encoder to fill in place;
   * call {@link ByteBuffer.commit} with the number of bytes actually written.
   */
  reserve(length: number): Uint8Array {
    this.ensureWritable(length);
    return this.storage.subarray(this.writer, this.writer + length);
  }

  /** Marks `length` bytes, written in place after the writer index, as readable. */
  commit(length: number): void {
    if (!Number.isSafeInteger(length) || length < 0 || length > this.storage.length - this.writer) {
      throw new ByteBufferError(
        'invalid-value',
        `cannot commit ${String(length)} byte(s): only ${this.storage.length - this.writer} writable`,
      );
    }
    this.writer += length;
  }

  /** Appends an unsigned byte. */
  writeU8(value: number): void {
    if ((value & 0xff) !== value) throw invalidValue('u8', value);
    if (this.storage.length - this.writer < 1) this.makeSpace(1);
    this.storage[this.writer++] = value;
  }

  /** Appends a signed byte. */
  writeI8(value: number): void {
    if ((value << 24) >> 24 !== value) throw invalidValue('i8', value);
    if (this.storage.length - this.writer < 1) this.makeSpace(1);
    this.storage[this.writer++] = value & 0xff;
  }

  /** Appends a big-endian unsigned 16-bit integer. */
  writeU16(value: number): void {
    if ((value & 0xffff) !== value) throw invalidValue('u16', value);
    this.putU16(value);
  }

  /** Appends a big-endian signed 16-bit integer. */
  writeI16(value: number): void {
    if ((value << 16) >> 16 !== value) throw invalidValue('i16', value);
    this.putU16(value & 0xffff);
  }

  private putU16(value: number): void {
    if (this.storage.length - this.writer < 2) this.makeSpace(2);
    const b = this.storage;
    const at = this.writer;
    b[at] = value >>> 8;
    b[at + 1] = value & 0xff;
    this.writer = at + 2;
  }

  /** Appends a big-endian unsigned 32-bit integer. */
  writeU32(value: number): void {
    if (value >>> 0 !== value) throw invalidValue('u32', value);
    this.putU32(value);
  }

  /** Appends a big-endian signed 32-bit integer. */
  writeI32(value: number): void {
    if ((value | 0) !== value) throw invalidValue('i32', value);
    this.putU32(value);
  }

  private putU32(value: number): void {
    if (this.storage.length - this.writer < 4) this.makeSpace(4);
    const b = this.storage;
    const at = this.writer;
    b[at] = value >>> 24;
    b[at + 1] = (value >>> 16) & 0xff;
    b[at + 2] = (value >>> 8) & 0xff;
    b[at + 3] = value & 0xff;
    this.writer = at + 4;
  }

  /** Appends a big-endian 64-bit integer given as its high and low unsigned 32-bit halves. */
  writeU64(high: number, low: number): void {
    if (high >>> 0 !== high) throw invalidValue('u32 high word', high);
    if (low >>> 0 !== low) throw invalidValue('u32 low word', low);
    if (this.storage.length - this.writer < 8) this.makeSpace(8);
    this.putU32(high);
    this.putU32(low);
  }

  /** Appends a big-endian unsigned 64-bit integer given as a bigint. */
  writeU64BigInt(value: bigint): void {
    if (typeof value !== 'bigint' || value < 0n || value > U64_MAX)
      throw invalidValue('u64', value);
    if (this.storage.length - this.writer < 8) this.makeSpace(8);
    this.storage.writeBigUInt64BE(value, this.writer);
    this.writer += 8;
  }

  /** Appends a big-endian signed 64-bit integer given as a bigint. */
  writeI64BigInt(value: bigint): void {
    if (typeof value !== 'bigint' || value < I64_MIN || value > I64_MAX) {
      throw invalidValue('i64', value);
    }
    if (this.storage.length - this.writer < 8) this.makeSpace(8);
    this.storage.writeBigInt64BE(value, this.writer);
    this.writer += 8;
  }

  /**
   * Appends a copy of `source[start, end)` (all of it by default). Taking indices instead of a
   * subarray lets a caller copy a range of another buffer without allocating a view.
   */
  writeBytes(source: Uint8Array, start = 0, end: number = source.length): void {
    const length = end - start;
    if (!(start >= 0 && length >= 0 && end <= source.length)) {
      throw new ByteBufferError(
        'invalid-value',
        `cannot copy bytes [${start}, ${end}) of a ${source.length}-byte source`,
      );
    }
    if (this.storage.length - this.writer < length) this.makeSpace(length);
    const target = this.storage;
    const at = this.writer;
    if (length <= SMALL_COPY_LIMIT) {
      // A native copy call costs more than a short loop.
      for (let i = 0; i < length; i++) target[at + i] = source[start + i] as number;
    } else {
      target.set(start === 0 && end === source.length ? source : source.subarray(start, end), at);
    }
    this.writer = at + length;
  }

  /** Appends `text` encoded as UTF-8 and returns the number of bytes written. */
  writeUtf8(text: string): number {
    const length = Buffer.byteLength(text, 'utf8');
    if (this.storage.length - this.writer < length) this.makeSpace(length);
    const written = this.storage.write(text, this.writer, length, 'utf8');
    this.writer += written;
    return written;
  }

  // ── prepending ────────────────────────────────────────────────────────

  private front(length: number): number {
    if (this.reader - this.floor < length) {
      throw new ByteBufferError(
        'insufficient-prepend',
        `cannot prepend ${length} byte(s): only ${this.reader - this.floor} prependable`,
      );
    }
    this.reader -= length;
    return this.reader;
  }

  /** Writes an unsigned byte in front of the readable data. */
  prependU8(value: number): void {
    if ((value & 0xff) !== value) throw invalidValue('u8', value);
    this.storage[this.front(1)] = value;
  }

  /** Writes a big-endian unsigned 16-bit integer in front of the readable data. */
  prependU16(value: number): void {
    if ((value & 0xffff) !== value) throw invalidValue('u16', value);
    const at = this.front(2);
    this.storage[at] = value >>> 8;
    this.storage[at + 1] = value & 0xff;
  }

  /** Writes a big-endian unsigned 32-bit integer in front of the readable data. */
  prependU32(value: number): void {
    if (value >>> 0 !== value) throw invalidValue('u32', value);
    this.setU32(this.front(4), value);
  }

  /** Writes a big-endian signed 32-bit integer in front of the readable data. */
  prependI32(value: number): void {
    if ((value | 0) !== value) throw invalidValue('i32', value);
    this.setU32(this.front(4), value);
  }

  /** Writes a big-endian 64-bit integer (high and low 32-bit halves) in front of the data. */
  prependU64(high: number, low: number): void {
    if (high >>> 0 !== high) throw invalidValue('u32 high word', high);
    if (low >>> 0 !== low) throw invalidValue('u32 low word', low);
    const at = this.front(8);
    this.setU32(at, high);
    this.setU32(at + 4, low);
  }

  /** Writes `source` in front of the readable data. */
  prependBytes(source: Uint8Array): void {
    this.storage.set(source, this.front(source.length));
  }

  private setU32(at: number, value: number): void {
    const b = this.storage;
    b[at] = value >>> 24;
    b[at + 1] = (value >>> 16) & 0xff;
    b[at + 2] = (value >>> 8) & 0xff;
    b[at + 3] = value & 0xff;
  }

  // ── handing off ───────────────────────────────────────────────────────

  /**
   * Hands over the readable bytes without copying: returns a view of them and consumes them; the
   * buffer never writes over those bytes again (later writes go after them, or into a new array
   * when there is no room), so the caller may keep the view — e.g. pass it to `socket.write`.
   */
  handOff(): Uint8Array {
    const bytes = this.storage.subarray(this.reader, this.writer);
    this.floor = this.writer;
    this.reader = this.writer;
    return bytes;
  }

  /**
   * Says that whoever took the bytes handed off so far ({@link ByteBuffer.handOff},
   * {@link ByteBuffer.readOwned}) no longer uses them, so the buffer may write over them again.
   * When nothing is readable the indices go back to the start and the backing array is reused
   * instead of replaced once it fills up; otherwise nothing changes. Only for a taker that is
   * done with the bytes for sure (e.g. a socket write that completed synchronously): a view still
   * in use would see later writes.
   */
  reclaimHandedOff(): void {
    if (this.floor === 0 || this.reader !== this.writer) return;
    this.floor = 0;
    this.retrieveAll();
  }

  /**
   * Consumes `length` readable bytes and returns a view of them that the buffer never writes over
   * again (like {@link ByteBuffer.handOff} for a prefix), so the caller may keep it — e.g. pass a
   * received payload on to `Connection.writeOwned` without copying it.
   */
  readOwned(length: number): Uint8Array {
    const at = this.need(0, length);
    this.reader = at + length;
    this.floor = this.reader;
    return this.storage.subarray(at, at + length);
  }

  /**
   * Consumes `length` readable bytes and returns them as an array the caller owns for good: the
   * buffer never writes over it. Without copying when that pays: the caller gets a view of the
   * backing array itself, and the buffer goes on in fresh storage into which only the readable
   * bytes after the taken range are copied (normally a few bytes of the next frame). It copies
   * instead when `length` is under 16 KiB (cheaper than a new array) or when the backing array is
   * more than twice `length` (the caller's bytes must not keep a much larger array alive).
   * The result is a plain `Uint8Array` either way.
   */
  takeOwned(length: number): Uint8Array {
    const at = this.need(0, length);
    const storage = this.storage;
    const end = at + length;
    const rest = this.writer - end;
    if (
      length < OWNED_COPY_LIMIT ||
      length * 2 < storage.buffer.byteLength ||
      this.reserved + rest > this.maxCapacity
    ) {
      const copy = new Uint8Array(length);
      copy.set(storage.subarray(at, end));
      this.reader = end;
      if (rest === 0) this.retrieveAll();
      return copy;
    }
    const owned = new Uint8Array(storage.buffer, storage.byteOffset + at, length);
    const spare = this.spare;
    let next: Buffer;
    if (spare !== undefined && spare.length >= this.reserved + rest) {
      next = spare;
      this.spare = undefined;
    } else {
      // Within maxCapacity: reserved + initialCapacity is, and reserved + rest was checked above.
      next = Buffer.allocUnsafeSlow(this.reserved + Math.max(this.initialCapacity, rest));
    }
    if (rest > 0) storage.copy(next, this.reserved, end, this.writer);
    this.storage = next;
    this.floor = 0;
    this.reader = this.reserved;
    this.writer = this.reserved + rest;
    return owned;
  }

  /**
   * Takes `chunk` as the storage, without copying, when nothing is readable: its bytes become
   * the readable bytes. The caller gives up the chunk: this buffer may later write into it.
   * When bytes are still readable, appends a copy instead. A grown array in use is kept aside
   * and reused when the adopted chunk overflows. Chunks larger than `maxCapacity` are refused.
   */
  adopt(chunk: Uint8Array): void {
    if (this.writer !== this.reader || chunk.length > this.maxCapacity) {
      this.writeBytes(chunk);
      return;
    }
    const current = this.storage;
    if (current.length > this.reserved + this.initialCapacity && this.floor === 0) {
      if (this.spare === undefined || this.spare.length < current.length) this.spare = current;
    }
    this.storage =
      chunk instanceof Buffer ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.floor = 0;
    this.reader = 0;
    this.writer = chunk.length;
  }
}
