import type { MetadataEntry, RpcError } from '@yrpc/rpc';
import type protobuf from 'protobufjs';
import { frameMessage } from '../grpc/message-framer.js';
import { connectErrorJson } from './connect-error.js';
import { isMetadataKey } from './connect-metadata.js';

/**
 * Connect's Enveloped-Message, the unit of a streaming request and response body: a flags byte,
 * a big-endian uint32 length, the message. The layout is gRPC's Length-Prefixed-Message, so the
 * gRPC framer and deframer serve (`../grpc/message-*.ts`); only the flags differ.
 */

/** Envelope flag: the message is compressed with the stream's `connect-content-encoding`. */
export const ENVELOPE_COMPRESSED = 0x01;

/** Envelope flag: the message is the EndStreamResponse (JSON), the last of a response stream. */
export const ENVELOPE_END_STREAM = 0x02;

/** One envelope: `flags`, the length of `payload`, a copy of `payload`. */
export function encodeEnvelope(flags: number, payload: Uint8Array): Buffer {
  return frameMessage(flags, payload);
}

/**
 * The EndStreamResponse envelope that ends every response stream: `{"error": …, "metadata": …}`,
 * `error` left out on success, `metadata` the trailers (each key's values as an array).
 * `types` lets error details carry their `debug` JSON (see {@link connectErrorJson}).
 */
export function endStreamEnvelope(
  error: RpcError | undefined,
  trailers: readonly MetadataEntry[],
  types?: protobuf.Root,
): Buffer {
  const body: { error?: unknown; metadata?: Record<string, string[]> } = {};
  if (error !== undefined) body.error = connectErrorJson(error, types);
  const metadata = metadataObject(trailers);
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  return encodeEnvelope(ENVELOPE_END_STREAM, Buffer.from(JSON.stringify(body)));
}

/**
 * Trailers as the EndStreamResponse's `metadata` object: keys in lower case, values in arrays
 * in order; reserved keys and keys outside Connect's Header-Name characters are left out.
 */
export function metadataObject(entries: readonly MetadataEntry[]): Record<string, string[]> {
  const object: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const { key: rawKey, value } of entries) {
    const key = rawKey.toLowerCase();
    if (!isMetadataKey(key)) continue;
    const values = object[key];
    if (values === undefined) object[key] = [value];
    else values.push(value);
  }
  return { ...object };
}
