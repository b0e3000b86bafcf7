import { RpcError, Status } from '@yrpc/protocol';
import { type CompressionEncoding, DECOMPRESSION_ENCODINGS } from './compression-encoding.js';
import { inflateBounded } from './deflate-codec.js';
import { type GzipCompressOptions, gunzipBounded, gzipCompress } from './gzip-codec.js';

/** Compresses a message payload with `encoding` (`identity` returns `bytes` itself). */
export function compressMessage(
  encoding: CompressionEncoding,
  bytes: Uint8Array,
  options?: GzipCompressOptions,
): Uint8Array {
  return encoding === 'gzip' ? gzipCompress(bytes, options) : bytes;
}

/**
 * Decompresses a message payload sent with `encoding` (a name from the wire, any case), its
 * output bounded by `limit` bytes (`identity` returns `bytes` itself, unchecked: its size was
 * checked as it arrived).
 * @throws RpcError `UNIMPLEMENTED` for an encoding this side does not support (as gRPC answers),
 * `RESOURCE_EXHAUSTED` past the limit, `INTERNAL` for a corrupt stream.
 */
export function decompressMessage(encoding: string, bytes: Uint8Array, limit: number): Uint8Array {
  const name = encoding.toLowerCase();
  if (name === 'identity' || name === '') return bytes;
  if (name === 'gzip') return gunzipBounded(bytes, limit);
  if (name === 'deflate') return inflateBounded(bytes, limit);
  throw new RpcError(
    Status.UNIMPLEMENTED,
    `the message is compressed with "${encoding.slice(0, 64)}", which is not supported (supported: ${DECOMPRESSION_ENCODINGS.join(', ')})`,
  );
}
