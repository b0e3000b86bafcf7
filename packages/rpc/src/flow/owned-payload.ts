import type { Frame } from '@yrpc/protocol';

/**
 * A copy of `frame`'s payload that the caller owns (the frame's bytes are reused by the next
 * read), as a Buffer: protobufjs then decodes `bytes` fields with `Buffer#slice`, which is
 * several times faster in Node than `Uint8Array#subarray` on a plain typed array (the latter
 * takes V8's slow species path once Node's Buffer has changed the typed array constructors).
 * A frame that owns its bytes (a payload of 1 KiB or more, see `Frame.owned`) is not copied:
 * the Buffer is a view of them. Smaller payloads are copied into pieces of a shared 64 KiB slab
 * (one allocation per slab, not per payload).
 */
export function ownedPayload(frame: Frame): Buffer {
  const length = frame.payloadEnd - frame.metaEnd;
  const bytes = frame.bytes;
  // The payload was taken out of the input for good: a view, no copy.
  if (frame.owned) return Buffer.from(bytes.buffer, bytes.byteOffset + frame.metaEnd, length);
  const copy = length <= SLAB_PIECE_MAX ? carve(length) : Buffer.allocUnsafe(length);
  copy.set(new Uint8Array(bytes.buffer, bytes.byteOffset + frame.metaEnd, length));
  return copy;
}

/** Payloads up to this size are copied into pieces of a shared slab (Node pools only < 4 KiB). */
const SLAB_PIECE_MAX = 16 * 1024;
const SLAB_SIZE = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabUsed = 0;

/**
 * A piece of `length` bytes of the current slab, never handed out twice: one allocation per
 * 64 KiB instead of one per payload. As with Node's own pool, a piece that is kept keeps its slab.
 */
function carve(length: number): Buffer {
  if (slabUsed + length > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const piece = slab.subarray(slabUsed, slabUsed + length);
  // Keep pieces 8-byte aligned, like Node's pool, so typed-array views of them stay possible.
  slabUsed = (slabUsed + length + 7) & ~7;
  return piece;
}
