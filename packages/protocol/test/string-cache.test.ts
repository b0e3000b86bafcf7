import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringCache } from '../src/string-cache.js';
import { text } from './arbitraries.js';

describe('StringCache', () => {
  it('returns what a plain decode returns, for any mix of repeated and colliding strings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .constantFrom(...'abcdef'.split(''))
            .chain((c) => fc.constantFrom(c, `${c}x`, `${c}${c}`)),
          { maxLength: 50 },
        ),
        fc.array(text(20), { maxLength: 20 }),
        (short, any) => {
          const cache = new StringCache();
          const encoder = new TextEncoder();
          for (const s of [...short, ...any, ...short]) {
            const bytes = encoder.encode(`__${s}__`);
            expect(cache.decode(bytes, 2, bytes.length - 2)).toBe(s);
          }
        },
      ),
    );
  });

  it('does not serve a cached string for different bytes of the same shape', () => {
    const cache = new StringCache();
    const a = new TextEncoder().encode('pkg.A/Call');
    const b = new TextEncoder().encode('pkg.B/Call');
    expect(cache.decode(a, 0, a.length)).toBe('pkg.A/Call');
    expect(cache.decode(b, 0, b.length)).toBe('pkg.B/Call');
    a[4] = 0x42; // the cache keeps its own copy of the key
    expect(cache.decode(b, 0, b.length)).toBe('pkg.B/Call');
    expect(() => cache.decode(Uint8Array.of(0xff), 0, 1)).toThrow(TypeError);
  });
});
