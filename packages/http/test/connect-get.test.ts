import { Status } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import { parseConnectGetQuery } from '../src/connect/connect-get.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('Connect GET queries', () => {
  it('read a percent-encoded JSON message, with the parameters in any order', () => {
    const query = `message=${encodeURIComponent('{"name":"Buf"}')}&encoding=json&connect=v1`;
    const get = parseConnectGetQuery(query);
    expect(get.encoding).toBe('json');
    expect(get.compression).toBeUndefined();
    expect(text(get.message)).toBe('{"name":"Buf"}');
  });

  it('keep "+" as "+" (percent-encoding, not form encoding)', () => {
    expect(text(parseConnectGetQuery('encoding=json&message={"n":1e+5}').message)).toBe(
      '{"n":1e+5}',
    );
  });

  it('decode base64=1 messages in the URL-safe alphabet, padded or not', () => {
    const cases: Array<[string, number[]]> = [
      ['-_8B', [0xfb, 0xff, 0x01]],
      ['%2B%2F8B', [0xfb, 0xff, 0x01]],
      ['-_8', [0xfb, 0xff]],
      ['-_8%3D', [0xfb, 0xff]],
    ];
    for (const [message, bytes] of cases) {
      const get = parseConnectGetQuery(`connect=v1&encoding=proto&base64=1&message=${message}`);
      expect([...get.message]).toEqual(bytes);
    }
  });

  it('give the compression parameter, and ignore unknown parameters and repeats', () => {
    const get = parseConnectGetQuery(
      'encoding=proto&compression=gzip&x=1&encoding=json&base64=1&message=AA',
    );
    expect(get).toMatchObject({ encoding: 'proto', compression: 'gzip' });
    expect([...get.message]).toEqual([0]);
  });

  it('read a missing message as empty, and keep an unknown encoding for the 415 to name', () => {
    expect(parseConnectGetQuery('encoding=proto').message.length).toBe(0);
    expect(parseConnectGetQuery('encoding=yaml').encoding).toBe('yaml');
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['no encoding', 'message=%7B%7D', /needs an encoding parameter/],
    ['an empty encoding', 'encoding=&message=%7B%7D', /needs an encoding parameter/],
    ['another protocol version', 'connect=v2&encoding=json', /connect="v2" is not supported/],
    ['malformed percent-encoding', 'encoding=json&message=%E0%A4%A', /not valid percent-encoded/],
    ['percent-encoded binary', 'encoding=proto&message=%FF', /binary messages need base64=1/],
    ['bad base64', 'encoding=proto&base64=1&message=a*b', /not valid base64/],
  ];
  for (const [what, query, message] of invalid) {
    it(`refuse ${what} with INVALID_ARGUMENT`, () => {
      expect(() => parseConnectGetQuery(query)).toThrow(
        expect.objectContaining({
          code: Status.INVALID_ARGUMENT,
          message: expect.stringMatching(message),
        }),
      );
    });
  }
});
