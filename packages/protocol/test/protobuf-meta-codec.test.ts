import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeGoAwayMeta,
  decodeHandshakeMeta,
  decodeStatusMeta,
  encodeGoAwayMeta,
  encodeHandshakeMeta,
  encodeStatusMeta,
} from '../src/protobuf-meta-codec.js';
import { ProtocolError } from '../src/protocol-error.js';
import { metadataEntry, text } from './arbitraries.js';

const u32 = fc.nat({ max: 0xffff_ffff });

describe('protobuf meta codecs', () => {
  it('round-trip status meta, details copied out of the input', () => {
    fc.assert(
      fc.property(
        fc.record({
          code: fc.integer({ min: 1, max: 16 }),
          message: text(),
          details: fc.array(
            fc.record({ typeUrl: text(), value: fc.uint8Array({ maxLength: 20 }) }),
            { maxLength: 3 },
          ),
          trailers: fc.array(metadataEntry, { maxLength: 3 }),
        }),
        (meta) => {
          const bytes = encodeStatusMeta(meta);
          const decoded = decodeStatusMeta(bytes, 0, bytes.length);
          bytes.fill(0);
          expect({
            ...decoded,
            details: decoded.details.map((d) => ({
              typeUrl: d.typeUrl,
              value: new Uint8Array(d.value),
            })),
          }).toEqual(meta);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('round-trip handshake and goaway meta', () => {
    fc.assert(
      fc.property(
        fc.record({
          version: u32,
          maxFrameSize: u32,
          maxMetaSize: u32,
          maxConcurrentCalls: u32,
          heartbeatIntervalMs: u32,
          agent: text(),
          connectionWindow: u32,
          streamWindow: u32,
          acceptEncoding: fc.array(text(), { maxLength: 4 }),
        }),
        fc.record({ code: fc.integer({ min: 0, max: 16 }), message: text() }),
        (handshake, goAway) => {
          const h = encodeHandshakeMeta(handshake);
          expect(decodeHandshakeMeta(h, 0, h.length)).toEqual(handshake);
          const g = encodeGoAwayMeta(goAway);
          expect(decodeGoAwayMeta(g, 0, g.length)).toEqual(goAway);
        },
      ),
    );
  });

  it('decode a block in the middle of a larger array', () => {
    const block = encodeGoAwayMeta({ code: 14, message: 'bye' });
    const big = new Uint8Array(block.length + 10).fill(0xff);
    big.set(block, 5);
    expect(decodeGoAwayMeta(big, 5, 5 + block.length)).toEqual({ code: 14, message: 'bye' });
  });

  it('throw only ProtocolError bad-meta on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        for (const decode of [decodeStatusMeta, decodeHandshakeMeta, decodeGoAwayMeta]) {
          try {
            decode(bytes, 0, bytes.length);
          } catch (error) {
            expect(error).toBeInstanceOf(ProtocolError);
            expect((error as ProtocolError).code).toBe('bad-meta');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('generated meta types', () => {
  it('keep working when another static module claims the `yrpc` namespace of the default root', async () => {
    const $protobuf = await import('protobufjs/minimal.js');
    const roots = $protobuf.roots as unknown as Record<string, Record<string, unknown>>;
    const shared = roots.default ?? {};
    roots.default = shared;
    const previous = shared.yrpc;
    shared.yrpc = {};
    try {
      const bytes = encodeStatusMeta({ code: 5, message: 'no such user' });
      expect(decodeStatusMeta(bytes, 0, bytes.length)).toMatchObject({
        code: 5,
        message: 'no such user',
      });
    } finally {
      shared.yrpc = previous;
    }
  });
});
