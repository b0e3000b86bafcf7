import { type CompressionEncoding, compressMessage } from '@yrpc/rpc';
import { FRAME_HEADER_BYTES } from './message-deframer.js';

/** gRPC's Compressed-Flag: the message is compressed with the call's `grpc-encoding`. */
export const FLAG_COMPRESSED = 0x01;

/** gRPC-Web's trailer frame flag: the frame holds the trailers, as an HTTP/1 header block. */
export const FLAG_TRAILERS = 0x80;

/**
 * One Length-Prefixed-Message: `flags`, the big-endian uint32 length of `payload`, then a copy of
 * `payload` (so a caller's shared buffer can be reused at once).
 */
export function frameMessage(flags: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame[0] = flags;
  frame.writeUInt32BE(payload.length, 1);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * A response message as one Length-Prefixed-Message (also Connect's envelope): compressed with
 * `encoding` and flagged {@link FLAG_COMPRESSED} when the encoding is not identity and the
 * message has at least `compressMinBytes` bytes.
 */
export function frameResponseMessage(
  payload: Uint8Array,
  encoding: CompressionEncoding,
  compressMinBytes: number,
): Buffer {
  return encoding !== 'identity' && payload.length >= compressMinBytes
    ? frameMessage(FLAG_COMPRESSED, compressMessage(encoding, payload))
    : frameMessage(0, payload);
}
