import type { Frame } from '@yrpc/protocol';

/**
 * A copy of `frame`'s payload that the caller owns (the frame's bytes are reused by the next
 * read), as a Buffer: protobufjs then decodes `bytes` fields with `Buffer#slice`, which is
 * several times faster in Node than `Uint8Array#subarray` on a plain typed array (the latter
 * takes V8's slow species path once Node's Buffer has changed the typed array constructors).
 * Small payloads come from Node's pooled `allocUnsafe`.
 */
export function ownedPayload(frame: Frame): Buffer {
  const length = frame.payloadEnd - frame.metaEnd;
  const copy = Buffer.allocUnsafe(length);
  const bytes = frame.bytes;
  copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset + frame.metaEnd, length));
  return copy;
}
