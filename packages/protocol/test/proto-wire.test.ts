import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ProtoReader,
  readUtf8,
  utf8Length,
  varintSize,
  writeUtf8,
  writeVarint,
} from '../src/proto-wire.js';
import { text } from './arbitraries.js';

describe('proto wire primitives', () => {
  it('encode UTF-8 like TextEncoder, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        (s) => {
          const expected = new TextEncoder().encode(s);
          expect(utf8Length(s)).toBe(expected.length);
          const bytes = new Uint8Array(expected.length);
          expect(writeUtf8(bytes, 0, s)).toBe(expected.length);
          expect(bytes).toEqual(expected);
        },
      ),
    );
  });

  it('decode UTF-8 like TextDecoder, and reject invalid sequences', () => {
    fc.assert(
      fc.property(text(60), (s) => {
        const bytes = new TextEncoder().encode(s);
        expect(readUtf8(bytes, 0, bytes.length)).toBe(s);
      }),
    );
    expect(() => readUtf8(Uint8Array.from([0x61, 0xc3]), 0, 2)).toThrow(TypeError);
  });

  it('write and read varints of every size', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), (value) => {
        const bytes = new Uint8Array(5);
        const end = writeVarint(bytes, 0, value);
        expect(end).toBe(varintSize(value));
        expect(new ProtoReader(bytes, 0, end, 'test').uint32()).toBe(value);
      }),
    );
  });

  it('keep the low 32 bits of a 64-bit varint, as protobuf does for uint32', () => {
    // 2^32 + 5 as a varint
    const bytes = Uint8Array.from([0x85, 0x80, 0x80, 0x80, 0x10]);
    expect(new ProtoReader(bytes, 0, bytes.length, 'test').uint32()).toBe(5);
  });
});
