import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrailerBlock, trailerFrame } from '../src/grpc-web/grpc-web-trailers.js';

describe('gRPC-Web trailer frame', () => {
  it('is flag 0x80, a length and an HTTP/1 header block', () => {
    const frame = trailerFrame({ 'grpc-status': '0', 'X-Tag': ['a', 'b'] });
    const block = 'grpc-status: 0\r\nx-tag: a\r\nx-tag: b\r\n';
    expect(frame[0]).toBe(0x80);
    expect(frame.readUInt32BE(1)).toBe(block.length);
    expect(frame.subarray(5).toString('latin1')).toBe(block);
  });

  it('reads back what it writes', () => {
    const key = fc.stringMatching(/^[0-9a-z_.-]{1,12}$/);
    const value = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (entries) => {
        const headers: Record<string, string[]> = {};
        // Own keys only: a key such as `constructor` must not find Object.prototype's.
        for (const [k, v] of entries)
          headers[k] = [...(Object.hasOwn(headers, k) ? (headers[k] ?? []) : []), v];
        const frame = trailerFrame(headers);
        const back = parseTrailerBlock(frame.subarray(5));
        expect(back).toEqual(
          Object.entries(headers).flatMap(([k, vs]) => vs.map((v) => ({ key: k, value: v }))),
        );
      }),
    );
  });

  it('skips lines without a colon', () => {
    expect(parseTrailerBlock(Buffer.from('junk\r\ngrpc-status:5\nGrpc-Message: x'))).toEqual([
      { key: 'grpc-status', value: '5' },
      { key: 'grpc-message', value: 'x' },
    ]);
  });
});
