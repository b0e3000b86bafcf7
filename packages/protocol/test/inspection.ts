import { ByteBuffer, FrameEncoder, type InspectionEvent } from '../src/index.js';

// Helpers of the inspector tests.

/** The bytes `write` puts out through an encoder. */
export function encode(write: (encoder: FrameEncoder, out: ByteBuffer) => void): Uint8Array {
  const out = new ByteBuffer({ maxCapacity: 1 << 24 });
  write(new FrameEncoder(), out);
  return out.take();
}

/** The violation codes of events, in order. */
export const codes = (events: InspectionEvent[]) =>
  events.flatMap((e) =>
    e.kind === 'frame' ? e.frame.violations.map((v) => v.code) : [e.violation.code],
  );

/** Bytes from hex with spaces between fields, as PROTOCOL.md writes them. */
export const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
