import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { int64Output, toInt64Input } from '../src/message/int64.js';

describe('64-bit integers', () => {
  it('keep their value from any input form to every output form', () => {
    for (const [type, min, max] of [
      ['int64', -(2n ** 63n), 2n ** 63n - 1n],
      ['uint64', 0n, 2n ** 64n - 1n],
    ] as const) {
      fc.assert(
        fc.property(
          fc.bigInt({ min, max }),
          fc.constantFrom('bigint', 'string', 'number'),
          (value, longs) => {
            for (const given of [value, value.toString()]) {
              const out = int64Output(toInt64Input(given, type, 'f'), type, longs);
              if (longs === 'string') expect(out).toBe(value.toString());
              else if (longs === 'bigint') expect(out).toBe(value);
              else if (Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value) {
                expect(out).toBe(Number(value));
              } else expect(out).toBe(value);
            }
          },
        ),
      );
    }
  });

  it('refuses numbers that are not safe integers and values out of range', () => {
    expect(() => toInt64Input(2 ** 53, 'int64', 'f')).toThrow('not a safe integer');
    expect(() => toInt64Input(0.5, 'int64', 'f')).toThrow('not an integer');
    expect(() => toInt64Input(-1n, 'fixed64', 'f')).toThrow('out of range');
    expect(() => toInt64Input('0x10', 'int64', 'f')).toThrow('expected int64, got string "0x10"');
  });
});
