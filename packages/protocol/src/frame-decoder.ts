import { ByteBuffer } from '@yrpc/net';
import { Frame } from './frame.js';
import {
  checkFrameFields,
  checkFrameSize,
  checkHeaderPrefix,
  HEADER_SIZE,
} from './frame-header.js';
import { type FrameLimits, type FrameLimitsInit, resolveFrameLimits } from './frame-limits.js';
import type { FrameTypeCode } from './frame-type.js';
import { ProtocolError } from './protocol-error.js';

/** Payloads from this size up are taken out of the input without a copy ({@link Frame.owned}). */
export const OWNED_PAYLOAD_MIN = 64 * 1024;

/**
 * Payloads from this size up are handed on as views of the input that it never writes over
 * again ({@link Frame.owned}): whoever keeps one needs no copy. Smaller ones stay views valid
 * until the next read, and are copied by whoever keeps them: for a few bytes a copy is cheaper
 * than keeping the input from reusing its array.
 */
export const VIEW_PAYLOAD_MIN = 1024;

/**
 * Incremental frame decoder. Bytes may arrive split anywhere and coalesced in any way: a frame is
 * returned once all its bytes are there, and `undefined` means only "need more bytes". Every
 * header field is checked (magic, version, type, flags, ids, lengths against the limits) before
 * anything is sized from it; any violation throws a {@link ProtocolError} and nothing else.
 * After a ProtocolError the stream is out of sync: close the connection (after a GOAWAY).
 *
 * Two ways to feed it:
 * - {@link FrameDecoder.decode} parses in place from a ByteBuffer someone else fills (a
 *   connection's input buffer) and consumes the frame's bytes;
 * - {@link FrameDecoder.push} copies chunks into the decoder's own buffer (bounded by
 *   `maxBufferedBytes`) and {@link FrameDecoder.next} takes frames out of it.
 */
export class FrameDecoder {
  /** The limits enforced. */
  readonly limits: FrameLimits;
  private own: ByteBuffer | undefined;

  constructor(limits: FrameLimitsInit = {}) {
    this.limits = resolveFrameLimits(limits);
  }

  /**
   * Takes one complete frame from the readable bytes of `input`, or returns `undefined` when
   * they do not yet hold one. The frame's meta and payload are views into `input`, valid until
   * it is next written.
   * @throws ProtocolError when the bytes cannot be the start of a valid frame.
   */
  decode(input: ByteBuffer): Frame | undefined {
    const available = input.readableBytes;
    const bytes = input.bytes;
    const at = input.readerIndex;
    if (available < HEADER_SIZE) {
      if (available !== 0) checkHeaderPrefix(bytes, at, available);
      return undefined;
    }
    checkHeaderPrefix(bytes, at, HEADER_SIZE);
    const type = bytes[at + 3] as FrameTypeCode;
    const flags = ((bytes[at + 4] as number) << 8) | (bytes[at + 5] as number);
    const metaLength = ((bytes[at + 6] as number) << 8) | (bytes[at + 7] as number);
    const id =
      (((bytes[at + 8] as number) << 24) |
        ((bytes[at + 9] as number) << 16) |
        ((bytes[at + 10] as number) << 8) |
        (bytes[at + 11] as number)) >>>
      0;
    const payloadLength =
      (((bytes[at + 12] as number) << 24) |
        ((bytes[at + 13] as number) << 16) |
        ((bytes[at + 14] as number) << 8) |
        (bytes[at + 15] as number)) >>>
      0;
    const limits = this.limits;
    const total = checkFrameSize(
      type,
      metaLength,
      payloadLength,
      limits.maxMetaSize,
      limits.maxFrameSize,
      'the',
    );
    checkFrameFields(type, flags, id, metaLength, payloadLength);
    if (available < total) return undefined;
    if (payloadLength >= OWNED_PAYLOAD_MIN) {
      // A large payload is handed on as it sits in the input, never copied again: the frame
      // takes the bytes for good and the buffer goes on with fresh storage.
      const owned = input.takeOwned(total);
      return new Frame(type, flags, id, owned, HEADER_SIZE, HEADER_SIZE + metaLength, total, true);
    }
    if (payloadLength >= VIEW_PAYLOAD_MIN) {
      // The input never writes below these bytes again: the frame keeps them, without a copy
      // (and without the copies into pooled slabs that kept the garbage collector busy).
      const view = input.readOwned(total);
      return new Frame(type, flags, id, view, HEADER_SIZE, HEADER_SIZE + metaLength, total, true);
    }
    const metaStart = at + HEADER_SIZE;
    const frame = new Frame(type, flags, id, bytes, metaStart, metaStart + metaLength, at + total);
    input.retrieve(total);
    return frame;
  }

  /**
   * Appends a chunk to the decoder's own buffer; take frames with {@link FrameDecoder.next}.
   * Frames taken earlier may be invalidated (their views point into this buffer).
   * @throws ProtocolError `buffer-limit` (nothing appended) when the undecoded bytes would exceed
   * `maxBufferedBytes`; the buffer never grows past that.
   */
  push(chunk: Uint8Array): void {
    this.own ??= new ByteBuffer({
      prependSize: 0,
      initialCapacity: Math.min(64 * 1024, this.limits.maxBufferedBytes),
      maxCapacity: this.limits.maxBufferedBytes,
    });
    const own = this.own;
    const buffered = own.readableBytes + chunk.length;
    if (buffered > this.limits.maxBufferedBytes) {
      throw new ProtocolError(
        'buffer-limit',
        `${buffered} undecoded bytes would exceed the limit of ${this.limits.maxBufferedBytes}`,
        buffered,
      );
    }
    own.writeBytes(chunk);
  }

  /** The next complete frame from the pushed bytes, or `undefined` when more are needed. */
  next(): Frame | undefined {
    return this.own === undefined ? undefined : this.decode(this.own);
  }

  /** Bytes pushed and not yet decoded. */
  get bufferedBytes(): number {
    return this.own?.readableBytes ?? 0;
  }

  /** Size of the decoder's own buffer (never above `maxBufferedBytes`). */
  get capacity(): number {
    return this.own?.capacity ?? 0;
  }
}
