import fc from 'fast-check';
import { FrameFlag, FrameType } from '../src/index.js';

// Shared fast-check arbitraries for the frame and meta tests.

/** Any Unicode scalar value (no lone surrogates), mostly ASCII as real meta is. */
export const codePoint = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x10ffff }) },
  )
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

/** Well-formed text (fast-check's own `binary` unit is slow to start). */
export const text = (maxLength = 40) => fc.string({ unit: codePoint, maxLength });

export const metadataEntry = fc.record({ key: text(12), value: text(24) });

export const requestMeta = fc.record(
  {
    method: text(40),
    timeoutMs: fc.nat({ max: 0xffff_ffff }),
    idempotencyKey: fc.uint8Array({ maxLength: 24 }),
    metadata: fc.array(metadataEntry, { maxLength: 4 }),
    traceparent: text(60),
    tracestate: text(30),
  },
  { requiredKeys: ['method'] },
);

export const responseMeta = fc.record(
  {
    metadata: fc.array(metadataEntry, { maxLength: 3 }),
    trailers: fc.array(metadataEntry, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

export const streamId = fc.integer({ min: 1, max: 0xffff_ffff });
export const payload = fc.uint8Array({ maxLength: 300 });

/** A frame description that the encoder accepts, with the rules of its type respected. */
export const rawFrame = fc.oneof(
  fc.record({
    type: fc.constantFrom(FrameType.REQUEST, FrameType.RESPONSE, FrameType.STREAM_DATA),
    flags: fc.constantFrom(0, FrameFlag.END_STREAM),
    id: streamId,
    meta: fc.uint8Array({ maxLength: 64 }),
    payload,
  }),
  fc.record({
    type: fc.constantFrom(FrameType.ERROR, FrameType.CANCEL, FrameType.STREAM_END),
    flags: fc.constant(0),
    id: streamId,
    meta: fc.uint8Array({ maxLength: 64 }),
    payload: fc.constant(new Uint8Array(0)),
  }),
  fc.record({
    type: fc.constantFrom(FrameType.PING, FrameType.PONG),
    flags: fc.constant(0),
    id: fc.nat({ max: 0xffff_ffff }),
    meta: fc.constant(new Uint8Array(0)),
    payload: fc.constant(new Uint8Array(0)),
  }),
  fc.record({
    type: fc.constant(FrameType.GOAWAY),
    flags: fc.constantFrom(0, FrameFlag.DRAIN),
    id: fc.nat({ max: 0xffff_ffff }),
    meta: fc.uint8Array({ maxLength: 32 }),
    payload: fc.constant(new Uint8Array(0)),
  }),
  fc.record({
    type: fc.constant(FrameType.HANDSHAKE),
    flags: fc.constantFrom(0, FrameFlag.ACK),
    id: fc.constant(0),
    meta: fc.uint8Array({ maxLength: 32 }),
    payload: fc.constant(new Uint8Array(0)),
  }),
);

export type RawFrame = {
  type: number;
  flags: number;
  id: number;
  meta: Uint8Array;
  payload: Uint8Array;
};

/** Splits `bytes` into consecutive chunks at the given cut points (any order, duplicates ok). */
export function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}
