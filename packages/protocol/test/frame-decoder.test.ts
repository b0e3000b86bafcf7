import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteBuffer,
  type Frame,
  FrameDecoder,
  FrameEncoder,
  FrameType,
  HEADER_SIZE,
  ProtocolError,
  VIEW_PAYLOAD_MIN,
} from '../src/index.js';
import { chunk, type RawFrame, rawFrame } from './arbitraries.js';

function encodeAll(frames: RawFrame[]): Uint8Array {
  const out = new ByteBuffer({ maxCapacity: 1 << 24 });
  const encoder = new FrameEncoder();
  for (const f of frames) encoder.writeRaw(out, f.type, f.flags, f.id, f.meta, f.payload);
  return out.take();
}

function snapshot(frame: Frame): RawFrame {
  return {
    type: frame.type,
    flags: frame.flags,
    id: frame.id,
    meta: new Uint8Array(frame.meta),
    payload: new Uint8Array(frame.payload),
  };
}

/** Feeds chunks through push/next, collecting frames (copied: views die on the next push). */
function decodeChunks(decoder: FrameDecoder, chunks: Uint8Array[]): RawFrame[] {
  const frames: RawFrame[] = [];
  for (const piece of chunks) {
    decoder.push(piece);
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push(snapshot(f));
  }
  return frames;
}

const SMALL = { maxFrameSize: 4096, maxMetaSize: 512, maxBufferedBytes: 8192 };

describe('FrameDecoder', () => {
  it('decodes any chunking of encoded frames into the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(rawFrame, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (frames, cuts) => {
          const bytes = encodeAll(frames);
          const decoded = decodeChunks(new FrameDecoder(), chunk(bytes, cuts));
          expect(decoded).toEqual(frames);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes in place from a ByteBuffer filled byte by byte', () => {
    fc.assert(
      fc.property(fc.array(rawFrame, { minLength: 1, maxLength: 5 }), (frames) => {
        const bytes = encodeAll(frames);
        const input = new ByteBuffer({ initialCapacity: 8 });
        const decoder = new FrameDecoder();
        const decoded: RawFrame[] = [];
        for (const byte of bytes) {
          input.writeU8(byte);
          const frame = decoder.decode(input);
          if (frame !== undefined) decoded.push(snapshot(frame));
        }
        expect(decoded).toEqual(frames);
        expect(input.readableBytes).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('hands payloads from 1 KiB up on as views the input never writes over, however it is chunked', () => {
    const payloadFrame = fc.record({
      type: fc.constantFrom(FrameType.REQUEST, FrameType.RESPONSE, FrameType.STREAM_DATA),
      flags: fc.constant(0),
      id: fc.integer({ min: 1, max: 1000 }),
      meta: fc.uint8Array({ maxLength: 16 }),
      payload: fc.uint8Array({ minLength: 0, maxLength: 3 * VIEW_PAYLOAD_MIN }),
    });
    fc.assert(
      fc.property(
        fc.array(payloadFrame, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (frames, cuts) => {
          const decoder = new FrameDecoder();
          const kept: { frame: Frame; expected: RawFrame }[] = [];
          let index = 0;
          for (const piece of chunk(encodeAll(frames), cuts)) {
            decoder.push(piece);
            for (let f = decoder.next(); f !== undefined; f = decoder.next()) {
              const expected = frames[index++] as RawFrame;
              expect(f.owned).toBe(expected.payload.length >= VIEW_PAYLOAD_MIN);
              // Owned frames are kept as they are; the others must be copied before the next push.
              if (f.owned) kept.push({ frame: f, expected });
              else expect(snapshot(f)).toEqual(expected);
            }
          }
          expect(index).toBe(frames.length);
          for (const { frame, expected } of kept) expect(snapshot(frame)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('treats every prefix of a valid stream as "need more bytes"', () => {
    fc.assert(
      fc.property(fc.array(rawFrame, { minLength: 1, maxLength: 4 }), fc.nat(), (frames, cut) => {
        const bytes = encodeAll(frames);
        const prefix = bytes.subarray(0, cut % bytes.length);
        const decoder = new FrameDecoder();
        const decoded = decodeChunks(decoder, [prefix]);
        // Only whole frames come out, in order, and the rest waits.
        expect(decoded).toEqual(frames.slice(0, decoded.length));
        expect(decoded.length).toBeLessThan(frames.length);
        expect(decoder.next()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but ProtocolError on random bytes, and never buffers past the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 8 }), (chunks) => {
        const decoder = new FrameDecoder(SMALL);
        try {
          decodeChunks(decoder, chunks);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
        expect(decoder.capacity).toBeLessThanOrEqual(SMALL.maxBufferedBytes);
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but ProtocolError on mutated valid streams', () => {
    fc.assert(
      fc.property(
        fc.array(rawFrame, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (frames, mutations, cuts) => {
          const bytes = encodeAll(frames).slice();
          for (const [at, value] of mutations) bytes[at % bytes.length] = value;
          const decoder = new FrameDecoder(SMALL);
          try {
            decodeChunks(decoder, chunk(bytes, cuts));
          } catch (error) {
            expect(error).toBeInstanceOf(ProtocolError);
          }
          expect(decoder.capacity).toBeLessThanOrEqual(SMALL.maxBufferedBytes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a non-yrpc peer after two bytes', () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.push(new TextEncoder().encode('GE'))).not.toThrow();
    expect(() => decoder.next()).toThrow(
      expect.objectContaining({ code: 'bad-magic', value: '4745' }),
    );
  });

  function header(fields: {
    version?: number;
    type?: number;
    flags?: number;
    meta?: number;
    id?: number;
    payload?: number;
  }): Uint8Array {
    const b = new ByteBuffer();
    b.writeU16(0x5952);
    b.writeU8(fields.version ?? 1);
    b.writeU8(fields.type ?? FrameType.REQUEST);
    b.writeU16(fields.flags ?? 0);
    b.writeU16(fields.meta ?? 0);
    b.writeU32(fields.id ?? 1);
    b.writeU32(fields.payload ?? 0);
    return b.take();
  }

  it.each([
    ['unsupported-version', { version: 2 }, 2, 12],
    ['unknown-frame-type', { type: 0 }, 0, 13],
    ['unknown-frame-type', { type: 0x0c }, 0x0c, 13],
    ['reserved-flags', { flags: 0x0002 }, 0x0002, 13],
    ['invalid-frame', { id: 0 }, 0, 13],
    ['invalid-frame', { type: FrameType.PING, meta: 3 }, 3, 13],
    ['invalid-frame', { type: FrameType.ERROR, payload: 1 }, 1, 13],
    ['invalid-frame', { type: FrameType.HANDSHAKE, id: 9 }, 9, 13],
    ['meta-too-large', { meta: 513 }, 513, 8],
    ['frame-too-large', { payload: 0xffff_ffff }, HEADER_SIZE + 0xffff_ffff, 8],
    ['frame-too-large', { meta: 100, payload: 4096 - HEADER_SIZE - 99 }, 4097, 8],
  ] as const)(
    'rejects %s (%o) with the offending value and status',
    (code, fields, value, status) => {
      const decoder = new FrameDecoder(SMALL);
      decoder.push(header(fields));
      expect(() => decoder.next()).toThrow(expect.objectContaining({ code, value, status }));
    },
  );

  it('refuses to buffer past maxBufferedBytes and appends nothing then', () => {
    const decoder = new FrameDecoder(SMALL);
    decoder.push(header({ payload: 1000 }));
    expect(() => decoder.push(new Uint8Array(SMALL.maxBufferedBytes))).toThrow(
      expect.objectContaining({ code: 'buffer-limit', status: 8 }),
    );
    expect(decoder.bufferedBytes).toBe(HEADER_SIZE);
  });

  it('validates its limits', () => {
    expect(() => new FrameDecoder({ maxFrameSize: 10 })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
    expect(() => new FrameDecoder({ maxFrameSize: 4096, maxBufferedBytes: 1024 })).toThrow(
      /maxBufferedBytes/,
    );
  });
});
