import { ByteOwnership } from './byte-ownership.js';
import { invalidValue } from './byte-storage.js';
import { ByteBufferError } from './net-error.js';

const TWO_POW_32 = 0x1_0000_0000;
const SMALL_COPY_LIMIT = 64;
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const I64_MIN = -0x8000_0000_0000_0000n;
const I64_MAX = 0x7fff_ffff_ffff_ffffn;

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
export class ByteBuffer extends ByteOwnership {
  // This file is the read/write API. The backing array, its indices and its growth are in
  // ByteStorage (byte-storage.ts), the moves that hand bytes over or take a chunk in without
  // copying in ByteOwnership (byte-ownership.ts): layers of one object, not helpers it calls
  // through, so no read or write pays for the split.

  // ── reading ───────────────────────────────────────────────────────────

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

  // ── writing ───────────────────────────────────────────────────────────

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
  override writeBytes(source: Uint8Array, start = 0, end: number = source.length): void {
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
}
