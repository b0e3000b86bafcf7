import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Uint64 } from '../src/index.js';

describe('Uint64', () => {
  it('converts between halves, bigint, decimal and hex', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (value) => {
        const u = Uint64.fromBigInt(value);
        expect(u.toBigInt()).toBe(value);
        expect(u.toString()).toBe(value.toString());
        expect(u.toJSON()).toBe(value.toString());
        expect(u.toHex()).toBe(value.toString(16).padStart(16, '0'));
        expect(Uint64.fromString(value.toString()).equals(u)).toBe(true);
      }),
    );
  });

  it('compares like the numbers it holds', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (a, b) => {
          expect(Math.sign(Uint64.fromBigInt(a).compare(Uint64.fromBigInt(b)))).toBe(
            a < b ? -1 : a > b ? 1 : 0,
          );
        },
      ),
    );
  });

  it('rejects values outside 0..2^64-1 and non-decimal text', () => {
    expect(() => Uint64.fromBigInt(-1n)).toThrow(RangeError);
    expect(() => Uint64.fromBigInt(2n ** 64n)).toThrow(RangeError);
    expect(() => Uint64.fromString('12a')).toThrow(SyntaxError);
    expect(() => Uint64.fromString('99999999999999999999')).toThrow(RangeError);
  });
});
