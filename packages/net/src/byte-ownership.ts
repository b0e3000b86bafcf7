import { ByteStorage } from './byte-storage.js';

// takeOwned copies below this: a copy is cheaper than giving the buffer a new array.
const OWNED_COPY_LIMIT = 16 * 1024;
// recycleHandedOff keeps arrays in this range: smaller ones are cheap to allocate, larger ones
// would pin much memory on a connection that once sent a burst.
const RECYCLE_MIN = 64 * 1024;
const RECYCLE_MAX = 4 * 1024 * 1024;

/**
 * The moves that pass bytes between a {@link ByteBuffer} and its callers without copying: bytes
 * handed out for the caller to keep ({@link ByteOwnership.handOff},
 * {@link ByteOwnership.readOwned}, {@link ByteOwnership.takeOwned}), handed-off bytes taken back
 * ({@link ByteOwnership.reclaimHandedOff}), and a caller's chunk taken in as the storage
 * ({@link ByteOwnership.adopt}). They are apart from the read/write API because each changes
 * which array the buffer writes into, and which of its bytes it may write over (`floor`,
 * `spare`): the rules a reader of these methods needs, and a reader of `readU32` does not.
 */
export abstract class ByteOwnership extends ByteStorage {
  /**
   * Appends a copy of `source[start, end)`: {@link ByteOwnership.adopt} falls back to it when
   * bytes are still readable. {@link ByteBuffer.writeBytes} is the one implementation.
   */
  abstract writeBytes(source: Uint8Array, start?: number, end?: number): void;

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
   * Gives back the array that `bytes`, handed off earlier ({@link ByteOwnership.handOff}), lie
   * in, once whoever took them (a socket write that completed) no longer reads any byte of that
   * array: the buffer writes into it again instead of allocating a fresh one when it next runs
   * out of room. The current array is reclaimed ({@link ByteOwnership.reclaimHandedOff}); an
   * earlier one of 64 KiB to 4 MiB is kept as the next array to grow into, when larger than the
   * one kept. Only for arrays this buffer allocated and handed off.
   */
  recycleHandedOff(bytes: Uint8Array): void {
    const array = bytes.buffer;
    if (array === this.storage.buffer) {
      this.reclaimHandedOff();
      return;
    }
    const length = array.byteLength;
    if (length < RECYCLE_MIN || length > RECYCLE_MAX || length > this.maxCapacity) return;
    if (this.spare !== undefined && this.spare.length >= length) return;
    this.spare = Buffer.from(array, 0, length);
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
