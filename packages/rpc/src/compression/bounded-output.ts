import { RpcError, Status } from '@yrpc/protocol';

// What the bounded inflates (gzip, deflate) share: zlib's output bound from a message limit, and
// the errors a call ends with, as gRPC gives them.

/** The largest Buffer Node can make (zlib refuses a larger `maxOutputLength`). */
const MAX_BUFFER_LENGTH = 2 ** 32;

/** zlib's `maxOutputLength` for a message limit of `limit` bytes. */
export function outputBound(limit: number): number {
  if (!(limit >= 0)) throw new RangeError(`the decompression limit must be ≥ 0, got ${limit}`);
  return Math.min(Math.max(1, Math.floor(limit)), MAX_BUFFER_LENGTH);
}

/** The error of output past `limit`. */
export function tooLarge(limit: number): RpcError {
  return new RpcError(
    Status.RESOURCE_EXHAUSTED,
    `the decompressed message is larger than the limit of ${limit} bytes`,
  );
}

/** A zlib failure as the RpcError a call ends with (`format` names the encoding). */
export function decompressionError(error: unknown, limit: number, format: string): RpcError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(limit);
  const reason = error instanceof Error ? error.message : String(error);
  return new RpcError(Status.INTERNAL, `could not decompress the ${format} message: ${reason}`, {
    cause: error,
  });
}
