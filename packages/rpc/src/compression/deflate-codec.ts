import { deflateSync, type InputType, inflateSync } from 'node:zlib';
import { decompressionError, outputBound, tooLarge } from './bounded-output.js';

/**
 * gRPC's and HTTP's `deflate` (a zlib stream, RFC 1950, as grpc-js and grpc-go write it), read
 * with the same bound as gzip: inflating stops once the output passes the limit. yrpc reads it
 * from peers of the standard protocols that compress with it; it sends gzip.
 */

/** Compresses `bytes` into one zlib stream (for tests and peers that want `deflate`). */
export function deflateCompress(bytes: InputType): Buffer {
  return deflateSync(bytes);
}

/**
 * Inflates a zlib stream of at most `limit` bytes of output; stops as soon as the output passes it.
 * @throws RpcError `RESOURCE_EXHAUSTED` past `limit`; `INTERNAL` when `bytes` is not a valid
 * zlib stream.
 */
export function inflateBounded(bytes: InputType, limit: number): Buffer {
  let out: Buffer;
  try {
    out = inflateSync(bytes, { maxOutputLength: outputBound(limit) });
  } catch (error) {
    throw decompressionError(error, limit, 'deflate');
  }
  if (out.length > limit) throw tooLarge(limit);
  return out;
}
