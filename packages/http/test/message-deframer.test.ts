import { isRpcError, Status } from '@yrpc/rpc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageDeframer } from '../src/grpc/message-deframer.js';
import { frameMessage } from '../src/grpc/message-framer.js';

/** `bytes` cut at the given (sorted, deduplicated) offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

const message = fc.record({
  flags: fc.integer({ min: 0, max: 255 }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

describe('MessageDeframer', () => {
  it('gives back the framed messages whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => frameMessage(m.flags, m.payload)));
          const deframer = new MessageDeframer(300);
          const out = split(stream, cuts).flatMap((chunk) => deframer.push(chunk));
          expect(out.map((m) => ({ flags: m.flags, payload: Buffer.from(m.payload) }))).toEqual(
            messages.map((m) => ({ flags: m.flags, payload: Buffer.from(m.payload) })),
          );
          expect(deframer.partial).toBe(false);
        },
      ),
    );
  });

  it('says a stream cut inside a message is partial', () => {
    fc.assert(
      fc.property(message, fc.nat(), (m, cut) => {
        const frame = frameMessage(m.flags, m.payload);
        const at = 1 + (cut % (frame.length - 1));
        const deframer = new MessageDeframer(300);
        expect(deframer.push(frame.subarray(0, at))).toEqual([]);
        expect(deframer.partial).toBe(true);
      }),
    );
  });

  it('refuses a length over the limit from its header alone, before the message comes', () => {
    const deframer = new MessageDeframer(100);
    const header = frameMessage(0, new Uint8Array(101)).subarray(0, 5);
    // The header arrives byte by byte: nothing of the message is ever buffered.
    for (const byte of header.subarray(0, 4))
      expect(deframer.push(Uint8Array.of(byte))).toEqual([]);
    let error: unknown;
    try {
      deframer.push(header.subarray(4));
    } catch (thrown) {
      error = thrown;
    }
    expect(isRpcError(error) && error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(String(error)).toContain('101 bytes is larger than the limit of 100 bytes');
    // A 4 GiB length prefix is refused the same way.
    expect(() => new MessageDeframer(100).push(Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff))).toThrow(
      'larger than the limit',
    );
  });

  it('accepts a message exactly at the limit, and empty messages', () => {
    const deframer = new MessageDeframer(4);
    const out = deframer.push(
      Buffer.concat([
        frameMessage(1, Uint8Array.of(1, 2, 3, 4)),
        frameMessage(0, new Uint8Array(0)),
      ]),
    );
    expect(out.map((m) => [m.flags, [...m.payload]])).toEqual([
      [1, [1, 2, 3, 4]],
      [0, []],
    ]);
  });
});
