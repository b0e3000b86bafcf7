import { BenchError } from '../../bench-error.js';
import { RAW_HEADER_SIZE, RAW_LARGE_PAYLOAD, readUint32 } from './raw-frame.js';

/**
 * Receives one complete frame: its payload is `bytes[payloadStart, payloadEnd)`. The bytes are a
 * view into the pushed chunk or into the reader's own buffer, valid only during the call — except
 * that with `keepLargeFrames`, a split frame whose payload is at least `RAW_LARGE_PAYLOAD` bytes
 * gets a buffer of its own that the reader never touches again, so the handler may keep it.
 */
export type RawFrameHandler = (
  bytes: Uint8Array,
  payloadStart: number,
  payloadEnd: number,
  requestId: number,
) => void;

const INITIAL_PARTIAL_CAPACITY = 64 * 1024;

/**
 * Incremental decoder of raw frames. Frames wholly inside a chunk are handed over in place, with
 * no copy; only a frame split across chunks is gathered into a buffer of its own (sized once, from
 * its header), so there is no `Buffer.concat` per packet.
 */
export class RawFrameReader {
  readonly #maxPayload: number;
  readonly #onFrame: RawFrameHandler;
  readonly #keepLargeFrames: boolean;
  /** Reused for split frames (grown as needed), except large ones with `keepLargeFrames`. */
  #shared = new Uint8Array(INITIAL_PARTIAL_CAPACITY);
  /** Where the split frame is gathered: `#shared`, or a buffer of its own for a large frame. */
  #partial = this.#shared;
  /** Bytes of the split frame gathered so far; 0 when no frame is split. */
  #partialLength = 0;

  /**
   * @param keepLargeFrames - give each large split frame a buffer of its own (for a handler that
   *   writes it back by reference, like the echo server); otherwise one buffer is reused.
   */
  constructor(maxPayload: number, onFrame: RawFrameHandler, keepLargeFrames = false) {
    this.#maxPayload = maxPayload;
    this.#onFrame = onFrame;
    this.#keepLargeFrames = keepLargeFrames;
  }

  /** True while part of a frame is buffered, waiting for the rest. */
  get hasPartialFrame(): boolean {
    return this.#partialLength > 0;
  }

  /**
   * Consumes one chunk of the stream, delivering every frame it completes. Throws a
   * `BenchError` (`FRAME_TOO_LARGE`) when a header announces more than the configured limit.
   */
  push(chunk: Uint8Array): void {
    let offset = this.#partialLength > 0 ? this.#completePartial(chunk) : 0;
    if (offset < 0) return;
    const length = chunk.length;
    while (length - offset >= RAW_HEADER_SIZE) {
      const payloadLength = this.#checkedLength(chunk, offset);
      const end = offset + RAW_HEADER_SIZE + payloadLength;
      if (end > length) break;
      this.#onFrame(chunk, offset + RAW_HEADER_SIZE, end, readUint32(chunk, offset + 4));
      offset = end;
    }
    if (offset < length) this.#startPartial(chunk, offset);
  }

  #checkedLength(bytes: Uint8Array, offset: number): number {
    const payloadLength = readUint32(bytes, offset);
    if (payloadLength > this.#maxPayload) {
      throw new BenchError(
        'FRAME_TOO_LARGE',
        `frame announces ${payloadLength} payload bytes, more than the limit of ${this.#maxPayload}`,
      );
    }
    return payloadLength;
  }

  #startPartial(chunk: Uint8Array, offset: number): void {
    const tail = chunk.length - offset;
    if (tail >= RAW_HEADER_SIZE) {
      this.#reserve(RAW_HEADER_SIZE + this.#checkedLength(chunk, offset));
    }
    this.#partial.set(chunk.subarray(offset), 0);
    this.#partialLength = tail;
  }

  /** Gathers the split frame; returns the chunk offset after it, or -1 if still incomplete. */
  #completePartial(chunk: Uint8Array): number {
    let offset = 0;
    if (this.#partialLength < RAW_HEADER_SIZE) {
      offset = Math.min(RAW_HEADER_SIZE - this.#partialLength, chunk.length);
      this.#partial.set(chunk.subarray(0, offset), this.#partialLength);
      this.#partialLength += offset;
      if (this.#partialLength < RAW_HEADER_SIZE) return -1;
      this.#reserve(RAW_HEADER_SIZE + this.#checkedLength(this.#partial, 0));
    }
    const frameLength = RAW_HEADER_SIZE + readUint32(this.#partial, 0);
    const take = Math.min(frameLength - this.#partialLength, chunk.length - offset);
    this.#partial.set(chunk.subarray(offset, offset + take), this.#partialLength);
    this.#partialLength += take;
    offset += take;
    if (this.#partialLength < frameLength) return -1;
    const frame = this.#partial;
    this.#partialLength = 0;
    this.#partial = this.#shared;
    this.#onFrame(frame, RAW_HEADER_SIZE, frameLength, readUint32(frame, 4));
    return offset;
  }

  /**
   * Makes room for a whole frame of `frameLength` bytes, keeping what is gathered so far. With
   * `keepLargeFrames`, large frames always get a buffer of their own, which the handler may keep.
   */
  #reserve(frameLength: number): void {
    const own = this.#keepLargeFrames && frameLength - RAW_HEADER_SIZE >= RAW_LARGE_PAYLOAD;
    if (!own && frameLength <= this.#shared.length) return;
    const larger = Buffer.allocUnsafe(frameLength);
    larger.set(this.#partial.subarray(0, this.#partialLength), 0);
    this.#partial = larger;
    if (!own) this.#shared = larger;
  }
}
