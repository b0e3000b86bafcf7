import type { OutgoingHttpHeaders } from 'node:http';
import type { MetadataEntry } from '@yrpc/rpc';
import { addMetadataHeaders, isReservedHeader } from '../grpc/grpc-metadata.js';

/**
 * Call metadata in Connect's HTTP headers. Requests: the headers minus the reserved ones, as
 * gRPC reads them (`metadataFromHeaders` in `../grpc/grpc-metadata.ts`). Responses: leading
 * metadata as headers; a unary call's trailers as headers too, prefixed `trailer-` (Connect uses
 * no HTTP trailers); a stream's trailers in its EndStreamResponse.
 */

/** Connect's Header-Name: `0-9 a-z _ - .`. */
const HEADER_NAME = /^[0-9a-z_.-]+$/;

/** Whether `key` (lower case) may travel as call metadata (not reserved, a valid name). */
export function isMetadataKey(key: string): boolean {
  return HEADER_NAME.test(key) && !isReservedHeader(key) && !key.startsWith('trailer-');
}

/**
 * The headers of a unary response: `base` (the protocol's own), the handler's `headers`, and
 * its `trailers` each as `trailer-<key>`. Entries that are not valid metadata are left out (a
 * handler's odd entry must not make the whole response fail).
 */
export function unaryResponseHeaders(
  base: OutgoingHttpHeaders,
  headers: readonly MetadataEntry[],
  trailers: readonly MetadataEntry[],
): OutgoingHttpHeaders {
  const valid = (entries: readonly MetadataEntry[]) =>
    entries.filter(({ key }) => isMetadataKey(key.toLowerCase()));
  addMetadataHeaders(base, valid(headers));
  addMetadataHeaders(
    base,
    valid(trailers).map(({ key, value }) => ({ key: `trailer-${key.toLowerCase()}`, value })),
  );
  return base;
}
