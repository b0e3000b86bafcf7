import type { FlushTiming } from '@yrpc/protocol';
import type { FrameOutput } from './frame-output.js';
import { ownedBytes, reuseAfterWrite } from './message-writer.js';

/** An owned payload from this size up leaves as an array of its own, not copied into the output. */
export const OWNED_WRITE_MIN = 16 * 1024;

/**
 * A shared view (an encoded message, valid until the next encode) above this size is copied
 * into an array of its own rather than into the connection's output buffer, which keeps the
 * size it grew to until the connection closes.
 */
export const COPY_INTO_OUTPUT_MAX = 1024 * 1024;

/**
 * Whether a payload goes to the socket as an array of its own, after its frame head
 * (`writeOwned`), rather than copied into the output buffer with its frame. An owned payload
 * (nobody else writes to it) of 16 KiB or more goes without a copy. A shared view must be copied
 * either way: into the output buffer, whose arrays are written over again once the kernel took
 * them, up to 1 MiB (a fresh array per message would cost page faults and garbage), into a fresh
 * array above.
 */
export function writesApart(length: number, owned: boolean): boolean {
  return owned ? length >= OWNED_WRITE_MIN : length > COPY_INTO_OUTPUT_MAX;
}

/**
 * Hands `payload` to the socket after the frame head just written, as an array of its own: itself
 * when `owned` (nobody else writes to it), a copy of a shared view otherwise. An array that large
 * messages are encoded into goes back to them once the socket wrote it.
 */
export function writePayloadApart(
  output: Pick<FrameOutput, 'writeOwned'>,
  payload: Uint8Array,
  owned: boolean,
  flush?: FlushTiming,
): void {
  const bytes = owned ? payload : ownedBytes(payload);
  output.writeOwned(bytes, flush, reuseAfterWrite(bytes));
}

/**
 * Writes one STREAM_DATA of call `id` to `output`, with the payload copied into the output or
 * written apart ({@link writesApart}); `owned`: nobody else writes to `payload`. A stream's
 * messages leave together at the end of the event loop's turn, not one socket write per message
 * (a producer's messages come one per promise job). Never throws: a frame the connection refuses
 * is dropped (its failure closes the connection or is the call's to report). `compressed`: the
 * payload is gzip (the frame carries COMPRESSED).
 */
export function writeStreamDataFrame(
  output: Pick<FrameOutput, 'writeFrames' | 'writeOwned'>,
  id: number,
  payload: Uint8Array,
  owned: boolean,
  compressed = false,
): void {
  const apart = writesApart(payload.length, owned);
  const failure = output.writeFrames((encoder, out) => {
    if (apart) encoder.writeStreamDataHead(out, id, payload.length, false, compressed);
    else encoder.writeStreamData(out, id, payload, false, compressed);
  }, 'immediate');
  if (failure === undefined && apart) writePayloadApart(output, payload, owned, 'immediate');
}
