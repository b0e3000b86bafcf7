import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFrameFields } from '../src/frame-header.js';
import {
  ByteBuffer,
  COMPRESSED_ENCODING,
  decodeHandshakeMeta,
  FrameDecoder,
  FrameEncoder,
  FrameFlag,
  FrameType,
  localHandshake,
  negotiateHandshake,
  peerAcceptsCompressed,
} from '../src/index.js';

// PROTOCOL.md section 4, "Compression": the COMPRESSED flag and the handshake's accept_encoding.

const peer = {
  version: 1,
  maxFrameSize: 0,
  maxMetaSize: 0,
  maxConcurrentCalls: 0,
  heartbeatIntervalMs: 0,
  agent: 'other/1',
  connectionWindow: 0,
  streamWindow: 0,
};

describe('COMPRESSED flag', () => {
  it('is 0x0008 and allowed on REQUEST, RESPONSE and STREAM_DATA only', () => {
    expect(FrameFlag.COMPRESSED).toBe(0x0008);
    for (const type of [FrameType.REQUEST, FrameType.RESPONSE, FrameType.STREAM_DATA]) {
      const flags = FrameFlag.COMPRESSED | FrameFlag.END_STREAM;
      expect(() => checkFrameFields(type, flags, 1, 0, 20)).not.toThrow();
    }
    for (const [type, id] of [
      [FrameType.HANDSHAKE, 0],
      [FrameType.ERROR, 1],
      [FrameType.CANCEL, 1],
      [FrameType.PING, 0],
      [FrameType.GOAWAY, 0],
      [FrameType.STREAM_END, 1],
    ] as const) {
      expect(() => checkFrameFields(type, FrameFlag.COMPRESSED, id, 0, 0)).toThrow(
        expect.objectContaining({ code: 'reserved-flags' }),
      );
    }
  });

  it('round trips through the encoder and decoder on every frame that may carry it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 0xffff_ffff }),
        (message, end, id) => {
          const payload = gzipSync(message);
          const out = new ByteBuffer();
          const encoder = new FrameEncoder();
          const endFlag = end ? FrameFlag.END_STREAM : 0;
          encoder.writeRequest(out, id, { method: 'a.B/C' }, payload, endFlag | 0x0008);
          encoder.writeResponse(out, id, payload, undefined, endFlag | FrameFlag.COMPRESSED);
          encoder.writeStreamData(out, id, payload, end, true);
          encoder.writeStreamData(out, id, payload, end, false);
          encoder.writeStreamDataHead(out, id, payload.length, end, true);
          out.writeBytes(payload);
          const decoder = new FrameDecoder();
          decoder.push(out.take());
          const flags: number[] = [];
          for (let frame = decoder.next(); frame !== undefined; frame = decoder.next()) {
            flags.push(frame.flags);
            expect(frame.id).toBe(id);
            expect(Buffer.from(frame.payload).equals(payload)).toBe(true);
          }
          const compressed = endFlag | FrameFlag.COMPRESSED;
          expect(flags).toEqual([compressed, compressed, compressed, endFlag, compressed]);
        },
      ),
    );
  });
});

describe('accept_encoding in the handshake', () => {
  it('is announced only when asked for, without duplicates', () => {
    expect(localHandshake({}).acceptEncoding).toBeUndefined();
    expect(localHandshake({ acceptEncoding: [] }).acceptEncoding).toBeUndefined();
    expect(localHandshake({ acceptEncoding: ['gzip', 'identity', 'gzip'] }).acceptEncoding).toEqual(
      ['gzip', 'identity'],
    );
  });

  it('refuses names that are not lower-case tokens, and more than 8', () => {
    for (const acceptEncoding of [
      ['GZIP'],
      [''],
      ['g zip'],
      ['x'.repeat(33)],
      Array(9).fill('a'),
    ]) {
      expect(() => localHandshake({ acceptEncoding })).toThrow(
        expect.objectContaining({ code: 'invalid-option' }),
      );
    }
  });

  it('survives the wire and negotiation; a peer without it accepts nothing', () => {
    const out = new ByteBuffer();
    new FrameEncoder().writeHandshake(out, localHandshake({ acceptEncoding: ['gzip'] }));
    const decoder = new FrameDecoder();
    decoder.push(out.take());
    const frame = decoder.next();
    if (frame === undefined) throw new Error('no frame');
    const announced = decodeHandshakeMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    expect(announced.acceptEncoding).toEqual([COMPRESSED_ENCODING]);
    const local = localHandshake();
    const agreed = negotiateHandshake(local, announced);
    expect(agreed.peerAcceptEncoding).toEqual(['gzip']);
    expect(peerAcceptsCompressed(agreed)).toBe(true);
    // An older peer: no field 9 at all.
    const old = negotiateHandshake(local, peer);
    expect(old.peerAcceptEncoding).toEqual([]);
    expect(peerAcceptsCompressed(old)).toBe(false);
    expect(
      peerAcceptsCompressed(negotiateHandshake(local, { ...peer, acceptEncoding: ['br'] })),
    ).toBe(false);
  });

  it('an older decoder skips the field as unknown (the handshake stays readable)', () => {
    const out = new ByteBuffer();
    new FrameEncoder().writeHandshake(out, { version: 1, agent: 'a', acceptEncoding: ['gzip'] });
    const bytes = out.take();
    // Field 9 comes last: cutting it off leaves what an older peer reads.
    const frame = (() => {
      const decoder = new FrameDecoder();
      decoder.push(bytes);
      return decoder.next();
    })();
    if (frame === undefined) throw new Error('no frame');
    const meta = frame.meta;
    expect([...meta.subarray(meta.length - 6)]).toEqual([0x4a, 4, 0x67, 0x7a, 0x69, 0x70]);
  });
});
