import type { Frame } from '@yrpc/protocol';

/**
 * A copy of `frame`'s payload that the caller owns (the frame's bytes are reused by the next
 * read), as a Buffer: protobufjs then decodes `bytes` fields with `Buffer#slice`, which is
 * several times faster in Node than `Uint8Array#subarray` on a plain typed array (the latter
 * takes V8's slow species path once Node's Buffer has changed the typed array constructors).
 * Small payloads come from Node's pooled `allocUnsafe`. A frame that owns its bytes (a large
 * payload, see `Frame.owned`) is not copied: the Buffer is a view of them.
 */
export function ownedPayload(frame: Frame): Buffer {
  const length = frame.payloadEnd - frame.metaEnd;
  const bytes = frame.bytes;
  // A large payload was taken out of the input for good: a view, no copy.
  if (frame.owned) return Buffer.from(bytes.buffer, bytes.byteOffset + frame.metaEnd, length);
  const copy = Buffer.allocUnsafe(length);
  copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset + frame.metaEnd, length));
  return copy;
}
