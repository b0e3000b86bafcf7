import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { MetadataEntry } from '@yrpc/rpc';

/**
 * Headers that belong to HTTP or to the protocols, never to a call's metadata: they are not
 * handed to handlers, and a handler's metadata cannot set them (it could otherwise forge a
 * `grpc-status`, or make Node refuse the response over a connection-specific header).
 */
const RESERVED = new Set([
  'accept-encoding',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'grpc-accept-encoding',
  'grpc-encoding',
  'grpc-message',
  'grpc-message-type',
  'grpc-status',
  'grpc-status-details-bin',
  'grpc-timeout',
  'host',
  'http2-settings',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
]);

/** gRPC's Header-Name: `0-9 a-z _ - .`. */
const HEADER_NAME = /^[0-9a-z_.-]+$/;

/** What Node lets through as a header value (it throws on anything else). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether `key` (lower case) is a protocol header rather than call metadata. */
export function isReservedHeader(key: string): boolean {
  return (
    RESERVED.has(key) ||
    key.startsWith(':') ||
    key.startsWith('connect-') ||
    key.startsWith('x-grpc-web')
  );
}

/**
 * A request's call metadata from its HTTP headers: the reserved ones left out. A `-bin` value
 * holding several values joined by `,` (how HTTP merges repeated headers) becomes one entry per
 * value, its base64 text kept as is; other repeated headers stay merged, as HTTP allows.
 */
export function metadataFromHeaders(headers: IncomingHttpHeaders): MetadataEntry[] {
  const metadata: MetadataEntry[] = [];
  for (const [key, raw] of Object.entries(headers)) {
    if (raw === undefined || isReservedHeader(key)) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (key.endsWith('-bin')) {
        for (const part of value.split(',')) metadata.push({ key, value: part.trim() });
      } else {
        metadata.push({ key, value: value.trim() });
      }
    }
  }
  return metadata;
}

/**
 * Call metadata as HTTP headers, added to `into`: keys in lower case, repeated keys as arrays.
 * Reserved keys, keys outside gRPC's Header-Name characters and values Node would refuse are
 * left out (a handler's odd entry must not make the whole response fail).
 */
export function addMetadataHeaders(
  into: OutgoingHttpHeaders,
  metadata: readonly MetadataEntry[],
): OutgoingHttpHeaders {
  for (const { key: rawKey, value } of metadata) {
    const key = rawKey.toLowerCase();
    if (isReservedHeader(key) || !HEADER_NAME.test(key) || !HEADER_VALUE.test(value)) continue;
    const existing = into[key];
    if (existing === undefined) into[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else into[key] = [String(existing), value];
  }
  return into;
}
