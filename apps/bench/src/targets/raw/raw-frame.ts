import type { WriteBatch } from './write-batch.js';

/**
 * Wire format of the raw framed echo: an 8-byte header, then the payload.
 *
 * | offset | size | field                          |
 * |--------|------|--------------------------------|
 * | 0      | 4    | payload length, big-endian u32 |
 * | 4      | 4    | request id, big-endian u32     |
 * | 8      | n    | payload                        |
 *
 * A reply is the same frame with the same request id; replies may come back in any order.
 */
export const RAW_HEADER_SIZE = 8;

/** Largest payload either side accepts; a bigger length is treated as a corrupt stream. */
export const RAW_MAX_PAYLOAD = 64 * 1024 * 1024;

/**
 * Payloads at least this large are written by reference (the socket gets the caller's bytes in a
 * vectored write) instead of being copied into the batch; copying would cost more than the syscall.
 */
export const RAW_LARGE_PAYLOAD = 16 * 1024;

/** Payloads up to this size are copied byte by byte: cheaper than a native copy call. */
const SMALL_COPY_LIMIT = 64;

/** Writes a frame header at `offset` of `target`. */
export function writeRawHeader(
  target: Uint8Array,
  offset: number,
  payloadLength: number,
  requestId: number,
): void {
  target[offset] = payloadLength >>> 24;
  target[offset + 1] = (payloadLength >>> 16) & 0xff;
  target[offset + 2] = (payloadLength >>> 8) & 0xff;
  target[offset + 3] = payloadLength & 0xff;
  target[offset + 4] = requestId >>> 24;
  target[offset + 5] = (requestId >>> 16) & 0xff;
  target[offset + 6] = (requestId >>> 8) & 0xff;
  target[offset + 7] = requestId & 0xff;
}

/**
 * Appends one frame carrying `source[start, end)` to `batch`. Large payloads are appended by
 * reference, so `source` must stay unchanged until the batch has been written.
 */
export function appendRawFrame(
  batch: WriteBatch,
  requestId: number,
  source: Uint8Array,
  start: number,
  end: number,
): void {
  const length = end - start;
  if (length >= RAW_LARGE_PAYLOAD) {
    // Reserve first: it may move the batch to a new slab, which `batch.bytes` then is.
    const headerOffset = batch.reserve(RAW_HEADER_SIZE);
    writeRawHeader(batch.bytes, headerOffset, length, requestId);
    batch.appendReference(source.subarray(start, end));
    return;
  }
  const offset = batch.reserve(RAW_HEADER_SIZE + length);
  const target = batch.bytes;
  writeRawHeader(target, offset, length, requestId);
  const payloadOffset = offset + RAW_HEADER_SIZE;
  if (length <= SMALL_COPY_LIMIT) {
    for (let index = 0; index < length; index++) {
      target[payloadOffset + index] = source[start + index] as number;
    }
  } else {
    target.set(source.subarray(start, end), payloadOffset);
  }
}

/** Reads the big-endian u32 at `offset` (the caller has checked that 4 bytes are there). */
export function readUint32(source: Uint8Array, offset: number): number {
  return (
    (((source[offset] as number) << 24) |
      ((source[offset + 1] as number) << 16) |
      ((source[offset + 2] as number) << 8) |
      (source[offset + 3] as number)) >>>
    0
  );
}
