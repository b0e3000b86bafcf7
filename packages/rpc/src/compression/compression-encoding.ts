/**
 * The message encodings yrpc compresses with: `identity` (none) and `gzip` (RFC 1952, through
 * `node:zlib`). The names are gRPC's and Connect's (`grpc-encoding`, `connect-content-encoding`,
 * `Content-Encoding`), so the protocols that negotiate by header share them.
 */
export type CompressionEncoding = 'gzip' | 'identity';

/** Every {@link CompressionEncoding}, the preferred compression first. */
export const COMPRESSION_ENCODINGS: readonly CompressionEncoding[] = ['gzip', 'identity'];

/**
 * The encodings a message may arrive in, as `decompressMessage` reads them: the
 * {@link COMPRESSION_ENCODINGS} and `deflate` (a zlib stream), which gRPC and HTTP peers may
 * send (grpc-js does when asked to); what the standard protocols advertise they read.
 */
export const DECOMPRESSION_ENCODINGS: readonly string[] = ['gzip', 'deflate', 'identity'];

/** Payloads smaller than this are sent uncompressed by default: 1 KiB. */
export const DEFAULT_COMPRESSION_THRESHOLD = 1024;

/** Whether `name` is a {@link CompressionEncoding} (exactly, lower case). */
export function isCompressionEncoding(name: string): name is CompressionEncoding {
  return name === 'gzip' || name === 'identity';
}

/**
 * The encodings named in an accept-encoding list (`grpc-accept-encoding: gzip, identity`, an
 * HTTP `Accept-Encoding`): comma-separated, case-insensitive, with optional `;q=` weights (a
 * weight of 0 excludes the encoding). Names this implementation does not support are left out;
 * the result has no duplicates and keeps the list's order.
 */
export function parseAcceptEncoding(list: string | undefined): CompressionEncoding[] {
  const accepted: CompressionEncoding[] = [];
  if (list === undefined) return accepted;
  for (const item of list.split(',')) {
    const [rawName = '', ...parameters] = item.split(';');
    const name = rawName.trim().toLowerCase();
    if (!isCompressionEncoding(name) || accepted.includes(name)) continue;
    const excluded = parameters.some((parameter) => {
      const [key = '', value = ''] = parameter.split('=');
      return key.trim().toLowerCase() === 'q' && Number(value.trim()) === 0;
    });
    if (!excluded) accepted.push(name);
  }
  return accepted;
}

/**
 * The encoding to send with: `wanted` when the peer accepts it (an `identity` wish, or a peer
 * that does not accept `wanted`, gives `identity`: every peer reads uncompressed messages).
 */
export function chooseEncoding(
  wanted: CompressionEncoding | undefined,
  peerAccepts: readonly CompressionEncoding[],
): CompressionEncoding {
  return wanted !== undefined && wanted !== 'identity' && peerAccepts.includes(wanted)
    ? wanted
    : 'identity';
}
