import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  COMPRESSION_ENCODINGS,
  chooseEncoding,
  isCompressionEncoding,
  parseAcceptEncoding,
} from '../../src/compression/compression-encoding.js';

describe('compression encodings', () => {
  test('names', () => {
    expect(COMPRESSION_ENCODINGS).toEqual(['gzip', 'identity']);
    expect(isCompressionEncoding('gzip')).toBe(true);
    expect(isCompressionEncoding('GZIP')).toBe(false);
    expect(isCompressionEncoding('deflate')).toBe(false);
  });

  test('parseAcceptEncoding keeps supported names, in order, once', () => {
    expect(parseAcceptEncoding(undefined)).toEqual([]);
    expect(parseAcceptEncoding('')).toEqual([]);
    expect(parseAcceptEncoding('gzip,identity')).toEqual(['gzip', 'identity']);
    expect(parseAcceptEncoding(' identity , deflate, GZip ')).toEqual(['identity', 'gzip']);
    expect(parseAcceptEncoding('br, gzip;q=0.5, gzip')).toEqual(['gzip']);
    expect(parseAcceptEncoding('gzip;q=0, identity')).toEqual(['identity']);
    expect(parseAcceptEncoding('gzip; q=0.0')).toEqual([]);
  });

  test('parseAcceptEncoding never throws and returns supported names only', () => {
    fc.assert(
      fc.property(fc.string(), (list) => {
        const names = parseAcceptEncoding(list);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(isCompressionEncoding(name)).toBe(true);
      }),
    );
  });

  test('chooseEncoding compresses only with what the peer accepts', () => {
    expect(chooseEncoding('gzip', ['gzip', 'identity'])).toBe('gzip');
    expect(chooseEncoding('gzip', ['identity'])).toBe('identity');
    expect(chooseEncoding('gzip', [])).toBe('identity');
    expect(chooseEncoding(undefined, ['gzip'])).toBe('identity');
    expect(chooseEncoding('identity', ['gzip'])).toBe('identity');
  });
});
