import type { RequestMeta, RequestMetaInit } from './meta.js';
import { metadataFieldSize, readMetadataEntry, writeMetadataField } from './metadata-codec.js';
import {
  delimitedSize,
  ProtoReader,
  stringFieldSize,
  varintSize,
  WireType,
  writeStringField,
  writeVarint,
} from './proto-wire.js';
import type { MetadataEntry } from './rpc-error.js';
import { StringCache } from './string-cache.js';

// Hand-written codec of `yrpc.protocol.v1.RequestMeta` (proto/yrpc/protocol/v1/meta.proto): every
// call carries one, so it is encoded in place into the output buffer and decoded in place from
// the input buffer. Its bytes are plain protobuf; the tests check them against protobufjs.

const METHOD = 0x0a;
const TIMEOUT = 0x10;
const IDEMPOTENCY_KEY = 0x1a;
const METADATA = 0x22;
const TRACEPARENT = 0x2a;
const TRACESTATE = 0x32;

const NO_BYTES = new Uint8Array(0);
// Method names repeat from call to call: decode each once.
const methodNames = new StringCache();
const NO_ENTRIES: readonly MetadataEntry[] = Object.freeze([]);

// Method names repeat from call to call: encode each once (bounded: cleared past 1024 names).
const methodFields = new Map<string, Uint8Array>();
let lastMethod = '';
let lastField: Uint8Array = NO_BYTES;

function methodField(method: string): Uint8Array {
  if (method === lastMethod) return lastField;
  let field = methodFields.get(method);
  if (field === undefined) {
    field = new Uint8Array(stringFieldSize(method));
    writeStringField(field, 0, METHOD, method);
    if (methodFields.size >= 1024) methodFields.clear();
    methodFields.set(method, field);
  }
  lastMethod = method;
  lastField = field;
  return field;
}

/** Encoded size of a request meta block. */
export function requestMetaSize(meta: RequestMetaInit): number {
  let size = methodField(meta.method).length;
  const timeout = meta.timeoutMs ?? 0;
  if (timeout !== 0) size += 1 + varintSize(timeout);
  const key = meta.idempotencyKey;
  if (key !== undefined && key.length !== 0) size += delimitedSize(key.length);
  if (meta.metadata !== undefined) size += metadataFieldSize(meta.metadata);
  if (meta.traceparent !== undefined) size += stringFieldSize(meta.traceparent);
  if (meta.tracestate !== undefined) size += stringFieldSize(meta.tracestate);
  return size;
}

/** Writes a request meta block at `at` (room for {@link requestMetaSize} bytes); returns the end. */
export function writeRequestMeta(bytes: Uint8Array, at: number, meta: RequestMetaInit): number {
  const method = methodField(meta.method);
  for (let i = 0; i < method.length; i++) bytes[at + i] = method[i] as number;
  at += method.length;
  const timeout = meta.timeoutMs ?? 0;
  if (timeout !== 0) {
    bytes[at++] = TIMEOUT;
    at = writeVarint(bytes, at, timeout);
  }
  const key = meta.idempotencyKey;
  if (key !== undefined && key.length !== 0) {
    bytes[at++] = IDEMPOTENCY_KEY;
    at = writeVarint(bytes, at, key.length);
    bytes.set(key, at);
    at += key.length;
  }
  if (meta.metadata !== undefined) at = writeMetadataField(bytes, at, METADATA, meta.metadata);
  if (meta.traceparent !== undefined)
    at = writeStringField(bytes, at, TRACEPARENT, meta.traceparent);
  if (meta.tracestate !== undefined) at = writeStringField(bytes, at, TRACESTATE, meta.tracestate);
  return at;
}

/**
 * Decodes a request meta block from `bytes[start, end)`. Strings and the idempotency key are
 * copied out, so the result outlives the input buffer.
 * @throws ProtocolError `bad-meta` when the block is not a valid RequestMeta.
 */
export function decodeRequestMeta(bytes: Uint8Array, start: number, end: number): RequestMeta {
  const reader = new ProtoReader(bytes, start, end, 'RequestMeta');
  let method = '';
  let timeoutMs = 0;
  let idempotencyKey: Uint8Array = NO_BYTES;
  let metadata: MetadataEntry[] | undefined;
  let traceparent = '';
  let tracestate = '';
  while (reader.more()) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case 1:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        method = reader.string(methodNames);
        break;
      case 2:
        if (reader.skippedMismatch(tag, WireType.VARINT)) break;
        timeoutMs = reader.uint32();
        break;
      case 3:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        idempotencyKey = reader.bytesCopy();
        break;
      case 4:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        metadata ??= [];
        metadata.push(readMetadataEntry(reader));
        break;
      case 5:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        traceparent = reader.string();
        break;
      case 6:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        tracestate = reader.string();
        break;
      default:
        reader.skip(tag);
    }
  }
  return {
    method,
    timeoutMs,
    idempotencyKey,
    metadata: metadata ?? NO_ENTRIES,
    traceparent,
    tracestate,
  };
}
