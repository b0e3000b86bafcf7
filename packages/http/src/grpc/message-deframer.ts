import { RpcError, Status } from '@yrpc/rpc';

/** Bytes before each message of gRPC's Length-Prefixed-Message: a flags byte and a uint32 length. */
export const FRAME_HEADER_BYTES = 5;

/** One Length-Prefixed-Message (gRPC, gRPC-Web, Connect's envelope): its flags and its bytes. */
export interface LengthPrefixedMessage {
  /** The first byte: bit 0 is gRPC's Compressed-Flag, bit 7 gRPC-Web's trailer frame. */
  readonly flags: number;
  /** The message bytes (still compressed when the flags say so). */
  readonly payload: Uint8Array;
}

/**
 * Splits a byte stream into Length-Prefixed-Messages, whatever the chunk boundaries (HTTP/2 DATA
 * frames have no relation to message boundaries). Memory is bounded by `maxMessageBytes`: a
 * length prefix over it is refused from its 5 header bytes, before a byte of the message is kept.
 */
export class MessageDeframer {
  readonly #maxMessageBytes: number;
  /** The header bytes read so far of the message being read. */
  readonly #header = new Uint8Array(FRAME_HEADER_BYTES);
  #headerLength = 0;
  /** The message being filled, once its header was read and it spans chunks. */
  #payload: Uint8Array | undefined;
  #payloadLength = 0;

  /** @param maxMessageBytes the largest message accepted (the server's message size limit). */
  constructor(maxMessageBytes: number) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  /**
   * The whole messages `chunk` completes, in order. A message inside one chunk is a view into
   * it (the chunk must not be reused); one spanning chunks is copied into its own buffer.
   * @throws RpcError `RESOURCE_EXHAUSTED` for a length prefix over the limit; the deframer is
   * then unusable (the stream has lost its framing).
   */
  push(chunk: Uint8Array): LengthPrefixedMessage[] {
    const messages: LengthPrefixedMessage[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#payload === undefined) {
        if (this.#headerLength === 0 && chunk.length - offset >= FRAME_HEADER_BYTES) {
          // The common case: the whole header in this chunk, read in place.
          const length = this.#checkedLength(chunk, offset);
          const start = offset + FRAME_HEADER_BYTES;
          if (chunk.length - start >= length) {
            messages.push({
              flags: chunk[offset] ?? 0,
              payload: chunk.subarray(start, start + length),
            });
            offset = start + length;
            continue;
          }
          this.#header.set(chunk.subarray(offset, start));
          this.#startPayload(length);
          offset = start;
        } else {
          const take = Math.min(FRAME_HEADER_BYTES - this.#headerLength, chunk.length - offset);
          this.#header.set(chunk.subarray(offset, offset + take), this.#headerLength);
          this.#headerLength += take;
          offset += take;
          if (this.#headerLength < FRAME_HEADER_BYTES) break;
          this.#startPayload(this.#checkedLength(this.#header, 0));
        }
        if (this.#payload === undefined) {
          // A zero-length message (#startPayload completed it at once).
          messages.push(this.#finish(new Uint8Array(0)));
          continue;
        }
      }
      const payload = this.#payload;
      const take = Math.min(payload.length - this.#payloadLength, chunk.length - offset);
      payload.set(chunk.subarray(offset, offset + take), this.#payloadLength);
      this.#payloadLength += take;
      offset += take;
      if (this.#payloadLength === payload.length) messages.push(this.#finish(payload));
    }
    return messages;
  }

  /** Whether part of a message was read and not the rest (at the end of a stream: truncated). */
  get partial(): boolean {
    return this.#headerLength > 0 || this.#payload !== undefined;
  }

  #checkedLength(bytes: Uint8Array, offset: number): number {
    const length =
      (((bytes[offset + 1] ?? 0) << 24) |
        ((bytes[offset + 2] ?? 0) << 16) |
        ((bytes[offset + 3] ?? 0) << 8) |
        (bytes[offset + 4] ?? 0)) >>>
      0;
    if (length > this.#maxMessageBytes) {
      throw new RpcError(
        Status.RESOURCE_EXHAUSTED,
        `a message of ${length} bytes is larger than the limit of ${this.#maxMessageBytes} bytes`,
      );
    }
    return length;
  }

  #startPayload(length: number): void {
    this.#headerLength = FRAME_HEADER_BYTES;
    this.#payloadLength = 0;
    this.#payload = length === 0 ? undefined : new Uint8Array(length);
  }

  #finish(payload: Uint8Array): LengthPrefixedMessage {
    const message = { flags: this.#header[0] ?? 0, payload };
    this.#headerLength = 0;
    this.#payload = undefined;
    this.#payloadLength = 0;
    return message;
  }
}
