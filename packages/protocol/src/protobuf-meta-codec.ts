import $protobuf from 'protobufjs/minimal.js';
import { yrpc } from '../generated/meta.js';
import type {
  GoAwayMeta,
  GoAwayMetaInit,
  HandshakeMeta,
  HandshakeMetaInit,
  StatusMeta,
  StatusMetaInit,
} from './meta.js';
import { ProtocolError } from './protocol-error.js';
import type { MetadataEntry, StatusDetail } from './rpc-error.js';

// Codecs of the meta blocks that are not on the per-call hot path (status, handshake, goaway),
// through the protobufjs static code generated from proto/ (see scripts/generate.mjs).

const pb = yrpc.protocol.v1;
const NO_ENTRIES: readonly MetadataEntry[] = Object.freeze([]);
const NO_DETAILS: readonly StatusDetail[] = Object.freeze([]);
const NO_STRINGS: readonly string[] = Object.freeze([]);

function reader(bytes: Uint8Array, start: number): $protobuf.Reader {
  const r = $protobuf.Reader.create(bytes);
  r.pos = start;
  return r;
}

function decodeWith<T>(message: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError('bad-meta', `malformed ${message}: ${reason}`, undefined, {
      cause: error,
    });
  }
}

function entries(
  list: readonly { key?: string | null; value?: string | null }[] | null | undefined,
) {
  if (list == null || list.length === 0) return NO_ENTRIES;
  return list.map((e) => ({ key: e.key ?? '', value: e.value ?? '' }));
}

/** Encodes a status meta block (ERROR, CANCEL, STREAM_END). */
export function encodeStatusMeta(meta: StatusMetaInit): Uint8Array {
  return pb.StatusMeta.encode({
    code: meta.code,
    message: meta.message ?? '',
    details: (meta.details ?? []).map((d) => ({ typeUrl: d.typeUrl, value: d.value })),
    trailers: (meta.trailers ?? []).map((e) => ({ key: e.key, value: e.value })),
  }).finish();
}

/**
 * Decodes a status meta block from `bytes[start, end)`; details are copied out of the input.
 * @throws ProtocolError `bad-meta`.
 */
export function decodeStatusMeta(bytes: Uint8Array, start: number, end: number): StatusMeta {
  return decodeWith('StatusMeta', () => {
    const m = pb.StatusMeta.decode(reader(bytes, start), end - start);
    const details =
      m.details == null || m.details.length === 0
        ? NO_DETAILS
        : m.details.map((d) => ({
            typeUrl: d.typeUrl ?? '',
            value: new Uint8Array(d.value ?? []),
          }));
    return { code: m.code ?? 0, message: m.message ?? '', details, trailers: entries(m.trailers) };
  });
}

/** Encodes a handshake meta block. */
export function encodeHandshakeMeta(meta: HandshakeMetaInit): Uint8Array {
  return pb.HandshakeMeta.encode({
    version: meta.version ?? 0,
    maxFrameSize: meta.maxFrameSize ?? 0,
    maxMetaSize: meta.maxMetaSize ?? 0,
    maxConcurrentCalls: meta.maxConcurrentCalls ?? 0,
    heartbeatIntervalMs: meta.heartbeatIntervalMs ?? 0,
    agent: meta.agent ?? '',
    connectionWindow: meta.connectionWindow ?? 0,
    streamWindow: meta.streamWindow ?? 0,
    acceptEncoding: (meta.acceptEncoding ?? NO_STRINGS) as string[],
  }).finish();
}

/** Decodes a handshake meta block from `bytes[start, end)`. @throws ProtocolError `bad-meta`. */
export function decodeHandshakeMeta(bytes: Uint8Array, start: number, end: number): HandshakeMeta {
  return decodeWith('HandshakeMeta', () => {
    const m = pb.HandshakeMeta.decode(reader(bytes, start), end - start);
    return {
      version: m.version ?? 0,
      maxFrameSize: m.maxFrameSize ?? 0,
      maxMetaSize: m.maxMetaSize ?? 0,
      maxConcurrentCalls: m.maxConcurrentCalls ?? 0,
      heartbeatIntervalMs: m.heartbeatIntervalMs ?? 0,
      agent: m.agent ?? '',
      connectionWindow: m.connectionWindow ?? 0,
      streamWindow: m.streamWindow ?? 0,
      acceptEncoding:
        m.acceptEncoding == null || m.acceptEncoding.length === 0 ? NO_STRINGS : m.acceptEncoding,
    };
  });
}

/** Encodes a GOAWAY meta block. */
export function encodeGoAwayMeta(meta: GoAwayMetaInit): Uint8Array {
  return pb.GoAwayMeta.encode({ code: meta.code ?? 0, message: meta.message ?? '' }).finish();
}

/** Decodes a GOAWAY meta block from `bytes[start, end)`. @throws ProtocolError `bad-meta`. */
export function decodeGoAwayMeta(bytes: Uint8Array, start: number, end: number): GoAwayMeta {
  return decodeWith('GoAwayMeta', () => {
    const m = pb.GoAwayMeta.decode(reader(bytes, start), end - start);
    return { code: m.code ?? 0, message: m.message ?? '' };
  });
}
