import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import { RawFrameReader } from '../src/targets/raw/frame-reader.js';
import {
  RAW_HEADER_SIZE,
  RAW_LARGE_PAYLOAD,
  writeRawHeader,
} from '../src/targets/raw/raw-frame.js';

interface Frame {
  readonly id: number;
  readonly payload: Uint8Array;
}

function encode(frames: readonly Frame[]): Uint8Array {
  const total = frames.reduce((sum, frame) => sum + RAW_HEADER_SIZE + frame.payload.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const frame of frames) {
    writeRawHeader(bytes, offset, frame.payload.length, frame.id);
    bytes.set(frame.payload, offset + RAW_HEADER_SIZE);
    offset += RAW_HEADER_SIZE + frame.payload.length;
  }
  return bytes;
}

/** Feeds `stream` cut at `cuts` and returns the frames decoded (payloads copied out). */
function decode(stream: Uint8Array, cuts: readonly number[]): Frame[] {
  const frames: Frame[] = [];
  const reader = new RawFrameReader(1 << 20, (bytes, start, end, id) => {
    frames.push({ id, payload: new Uint8Array(bytes.subarray(start, end)) });
  });
  let previous = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(stream.length)) {
    reader.push(stream.subarray(previous, cut));
    previous = cut;
  }
  expect(reader.hasPartialFrame).toBe(false);
  return frames;
}

const frameArbitrary = fc.record({
  id: fc.nat({ max: 0xffffffff }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

describe('RawFrameReader', () => {
  it('decodes any sequence of frames however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.array(frameArbitrary, { maxLength: 20 }).chain((frames) => {
          const stream = encode(frames);
          return fc.tuple(
            fc.constant(frames),
            fc.constant(stream),
            fc.array(fc.nat({ max: stream.length }), { maxLength: 30 }),
          );
        }),
        ([frames, stream, cuts]) => {
          expect(decode(stream, cuts)).toEqual(frames);
        },
      ),
    );
  });

  it('decodes frames one byte at a time and many frames in one chunk', () => {
    const frames = [
      { id: 1, payload: new Uint8Array([1, 2, 3]) },
      { id: 2, payload: new Uint8Array(0) },
      { id: 0xffffffff, payload: new Uint8Array(100).fill(7) },
    ];
    const stream = encode(frames);
    expect(decode(stream, [])).toEqual(frames);
    expect(
      decode(
        stream,
        Array.from({ length: stream.length }, (_, index) => index),
      ),
    ).toEqual(frames);
  });

  it('with keepLargeFrames, gives a split large frame a buffer that later frames never overwrite', () => {
    const first = { id: 1, payload: new Uint8Array(RAW_LARGE_PAYLOAD).fill(1) };
    const second = { id: 2, payload: new Uint8Array(RAW_LARGE_PAYLOAD).fill(2) };
    const stream = encode([first, second]);
    const kept: Uint8Array[] = [];
    const reader = new RawFrameReader(
      1 << 20,
      (bytes, start, end) => {
        kept.push(bytes.subarray(start, end));
      },
      true,
    );
    for (let offset = 0; offset < stream.length; offset += 1000) {
      reader.push(stream.subarray(offset, offset + 1000));
    }
    expect(kept).toHaveLength(2);
    expect(Buffer.compare(kept[0] as Uint8Array, first.payload)).toBe(0);
    expect(Buffer.compare(kept[1] as Uint8Array, second.payload)).toBe(0);
  });

  it('by default gathers every split frame, large ones too, into one reused buffer', () => {
    const frames = [1, 2, 3].map((id) => ({ id, payload: new Uint8Array(100 * 1024).fill(id) }));
    const stream = encode(frames);
    const buffers = new Set<ArrayBufferLike>();
    const copies: Uint8Array[] = [];
    const reader = new RawFrameReader(1 << 20, (bytes, start, end) => {
      buffers.add(bytes.buffer);
      copies.push(new Uint8Array(bytes.subarray(start, end)));
    });
    for (let offset = 0; offset < stream.length; offset += 1000) {
      reader.push(stream.subarray(offset, offset + 1000));
    }
    expect(buffers.size).toBe(1);
    copies.forEach((copy, index) => {
      expect(Buffer.compare(copy, frames[index]?.payload as Uint8Array)).toBe(0);
    });
  });

  it('rejects a header announcing more than the limit, before buffering it', () => {
    const reader = new RawFrameReader(1024, () => {});
    const header = new Uint8Array(RAW_HEADER_SIZE);
    writeRawHeader(header, 0, 1025, 9);
    expect(() => reader.push(header)).toThrow(BenchError);
    const splitReader = new RawFrameReader(1024, () => {});
    splitReader.push(header.subarray(0, 3));
    try {
      splitReader.push(header.subarray(3));
      expect.unreachable('an oversized frame must be rejected');
    } catch (error) {
      expect((error as BenchError).code).toBe('FRAME_TOO_LARGE');
    }
  });
});
