import {
  constants,
  gunzip as gunzipCallback,
  gunzipSync,
  gzip as gzipCallback,
  gzipSync,
  type InputType,
} from 'node:zlib';
import { decompressionError, outputBound, tooLarge } from './bounded-output.js';

/**
 * gzip for message payloads, over `node:zlib`. Compression is plain `gzipSync`/`gzip`;
 * decompression is **bounded**: it stops as soon as the output would pass a byte limit (zlib's
 * `maxOutputLength`), so a compression bomb (a few KiB that inflate to gigabytes) costs at most
 * the limit in memory and the time to inflate that much, never the whole bomb.
 *
 * Errors are the ones gRPC gives: output over the limit is `RESOURCE_EXHAUSTED`, a stream that
 * is not valid gzip (bad header, corrupt data, bad checksum, truncated) is `INTERNAL`.
 *
 * The synchronous forms suit the frame paths (a message of a few KiB inflates in microseconds,
 * less than a hop to the thread pool costs); the asynchronous ones run on libuv's thread pool and
 * suit large bodies read by a stream.
 */

/** Compression levels zlib accepts: -1 (its default, 6) or 0..9. */
export type GzipLevel = -1 | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Options of {@link gzipCompress}. */
export interface GzipCompressOptions {
  /** zlib's level; default -1 (zlib's default, 6). */
  readonly level?: GzipLevel;
}

/** Compresses `bytes` into one gzip member. */
export function gzipCompress(bytes: InputType, options: GzipCompressOptions = {}): Buffer {
  return gzipSync(bytes, { level: options.level ?? constants.Z_DEFAULT_COMPRESSION });
}

/** {@link gzipCompress} on libuv's thread pool. */
export function gzipCompressAsync(
  bytes: InputType,
  options: GzipCompressOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gzipCallback(
      bytes,
      { level: options.level ?? constants.Z_DEFAULT_COMPRESSION },
      (error, out) => (error === null ? resolve(out) : reject(error)),
    );
  });
}

/**
 * Inflates a gzip stream of at most `limit` bytes of output (a message size limit, ≥ 0); stops
 * inflating as soon as the output passes it.
 * @throws RpcError `RESOURCE_EXHAUSTED` when the output is larger than `limit`; `INTERNAL` when
 * `bytes` is not a valid gzip stream.
 */
export function gunzipBounded(bytes: InputType, limit: number): Buffer {
  let out: Buffer;
  try {
    // maxOutputLength must be ≥ 1: a limit of 0 inflates one byte at most and checks below.
    out = gunzipSync(bytes, { maxOutputLength: outputBound(limit) });
  } catch (error) {
    throw decompressionError(error, limit, 'gzip');
  }
  if (out.length > limit) throw tooLarge(limit);
  return out;
}

/** {@link gunzipBounded} on libuv's thread pool. */
export function gunzipBoundedAsync(bytes: InputType, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzipCallback(bytes, { maxOutputLength: outputBound(limit) }, (error, out) => {
      if (error !== null) reject(decompressionError(error, limit, 'gzip'));
      else if (out.length > limit) reject(tooLarge(limit));
      else resolve(out);
    });
  });
}
