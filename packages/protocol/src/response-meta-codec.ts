import type { ResponseMeta, ResponseMetaInit } from './meta.js';
import { metadataFieldSize, readMetadataEntry, writeMetadataField } from './metadata-codec.js';
import { ProtoReader, WireType } from './proto-wire.js';
import type { MetadataEntry } from './rpc-error.js';

// Hand-written codec of `yrpc.protocol.v1.ResponseMeta`: every successful call answers with one,
// usually empty (zero bytes), so it stays off protobufjs' Writer/Reader.

const METADATA = 0x0a;
const TRAILERS = 0x12;
const NO_ENTRIES: readonly MetadataEntry[] = Object.freeze([]);

/** The decoded form of an empty response meta block. */
export const EMPTY_RESPONSE_META: ResponseMeta = Object.freeze({
  metadata: NO_ENTRIES,
  trailers: NO_ENTRIES,
});

/** Encoded size of a response meta block. */
export function responseMetaSize(meta: ResponseMetaInit): number {
  let size = 0;
  if (meta.metadata !== undefined) size += metadataFieldSize(meta.metadata);
  if (meta.trailers !== undefined) size += metadataFieldSize(meta.trailers);
  return size;
}

/** Writes a response meta block at `at`; returns the end. */
export function writeResponseMeta(bytes: Uint8Array, at: number, meta: ResponseMetaInit): number {
  if (meta.metadata !== undefined) at = writeMetadataField(bytes, at, METADATA, meta.metadata);
  if (meta.trailers !== undefined) at = writeMetadataField(bytes, at, TRAILERS, meta.trailers);
  return at;
}

/**
 * Decodes a response meta block from `bytes[start, end)`.
 * @throws ProtocolError `bad-meta` when the block is not a valid ResponseMeta.
 */
export function decodeResponseMeta(bytes: Uint8Array, start: number, end: number): ResponseMeta {
  if (start === end) return EMPTY_RESPONSE_META;
  const reader = new ProtoReader(bytes, start, end, 'ResponseMeta');
  let metadata: MetadataEntry[] | undefined;
  let trailers: MetadataEntry[] | undefined;
  while (reader.more()) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case 1:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        metadata ??= [];
        metadata.push(readMetadataEntry(reader));
        break;
      case 2:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        trailers ??= [];
        trailers.push(readMetadataEntry(reader));
        break;
      default:
        reader.skip(tag);
    }
  }
  return { metadata: metadata ?? NO_ENTRIES, trailers: trailers ?? NO_ENTRIES };
}
