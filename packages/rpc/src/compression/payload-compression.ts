import { COMPRESSED_ENCODING, isRpcError, RpcError, Status } from '@yrpc/protocol';
import { z } from 'zod';
import { type CompressionEncoding, DEFAULT_COMPRESSION_THRESHOLD } from './compression-encoding.js';
import { gunzipBounded, gzipCompress } from './gzip-codec.js';

// Compression of message payloads on the yrpc protocol (PROTOCOL.md section 4, "Compression"):
// the options of a Client or Server, what an endpoint announces, and the per-payload steps the
// sessions take. The uncompressed path costs one comparison per message (`length >= from`, with
// `from` infinite when nothing is compressed) and one flag test per frame received.

/** Options of a Client or Server about compressing what it sends. */
export const compressionOptionsSchema = {
  /**
   * Compress the messages this endpoint sends with gzip (`'gzip'`) when the peer accepts it and
   * the message is at least `compressionThreshold` bytes; `'identity'` (the default): never. A
   * call's `compression` option overrides the client's. What is received is inflated either way.
   */
  compression: z.enum(['gzip', 'identity']).default('identity'),
  /** Messages smaller than this many bytes are sent uncompressed. Default 1024. */
  compressionThreshold: z
    .number()
    .int()
    .min(0)
    .max(0x7fff_ffff)
    .default(DEFAULT_COMPRESSION_THRESHOLD),
};

/** What a yrpc endpoint does about compression, from its options. */
export interface EndpointCompression {
  /** The encodings it announces in its HANDSHAKE (it inflates them). */
  readonly acceptEncoding: readonly CompressionEncoding[];
  /**
   * Messages of at least this many bytes are sent compressed to a peer that accepts gzip;
   * `Infinity` when the endpoint compresses nothing.
   */
  readonly compressFrom: number;
}

/** What every yrpc endpoint of this implementation inflates, and announces. */
export const ACCEPTED_ENCODINGS: readonly CompressionEncoding[] = [COMPRESSED_ENCODING];

/** The compression of an endpoint with `options` (parsed with {@link compressionOptionsSchema}). */
export function endpointCompression(options: {
  readonly compression: CompressionEncoding;
  readonly compressionThreshold: number;
}): EndpointCompression {
  return {
    acceptEncoding: ACCEPTED_ENCODINGS,
    compressFrom: compressFrom(options.compression, options.compressionThreshold),
  };
}

/** The `compressFrom` of an encoding wish and a threshold: `Infinity` for `identity`. */
export function compressFrom(encoding: CompressionEncoding, threshold: number): number {
  return encoding === 'gzip' ? threshold : Number.POSITIVE_INFINITY;
}

/**
 * `payload` compressed with gzip, or `undefined` when that does not make it smaller (it then
 * goes uncompressed: random or already compressed bytes gain nothing).
 */
export function compressPayload(payload: Uint8Array): Buffer | undefined {
  const compressed = gzipCompress(payload);
  return compressed.length < payload.length ? compressed : undefined;
}

/**
 * The message of a COMPRESSED payload, inflated to at most `limit` bytes; `accepted` says
 * whether this side announced gzip to the peer (else the flag is a protocol error of the call).
 * @throws RpcError `INTERNAL` for a flag that was not negotiated or a corrupt stream;
 * `RESOURCE_EXHAUSTED` past the limit.
 */
export function inflatePayload(payload: Uint8Array, accepted: boolean, limit: number): Buffer {
  if (!accepted) throw compressionNotNegotiated();
  return gunzipBounded(payload, limit);
}

/** The error of a COMPRESSED frame sent to a side that did not accept gzip. */
export function compressionNotNegotiated(): RpcError {
  return new RpcError(
    Status.INTERNAL,
    'the peer sent a compressed message although compression was not negotiated (this side did not accept gzip in its handshake)',
  );
}

/**
 * The largest message a client inflates a compressed response to: the largest payload of a
 * frame it accepts (16 MiB frames).
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024 - 16;

/**
 * A compressed message that was refused (an RpcError from {@link inflatePayload}), as the call's
 * error, with `where` (the method, the peer) in front.
 */
export function inflateFailure(where: string, error: unknown): RpcError {
  if (!isRpcError(error)) throw error;
  return new RpcError(error.code, `${where}: ${error.message}`, { cause: error });
}
