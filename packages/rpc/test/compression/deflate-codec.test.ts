import { deflateSync } from 'node:zlib';
import { Status } from '@yrpc/protocol';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deflateCompress, inflateBounded } from '../../src/compression/deflate-codec.js';
import { decompressMessage } from '../../src/compression/message-compression.js';
import { caught } from '../helpers/caught-rpc-error.js';

describe('deflate codec', () => {
  test('round trips any payload, and reads what zlib (as grpc-js uses it) writes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(new Uint8Array(inflateBounded(deflateCompress(bytes), bytes.length))).toEqual(bytes);
        expect(new Uint8Array(decompressMessage('deflate', deflateSync(bytes), 4096))).toEqual(
          bytes,
        );
      }),
    );
  });

  test('stops at the limit: a bomb fails RESOURCE_EXHAUSTED without inflating whole', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const error = caught(() => inflateBounded(bomb, 1024 * 1024));
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toBe(
      'the decompressed message is larger than the limit of 1048576 bytes',
    );
  });

  test('fails INTERNAL on what is not a zlib stream (gzip included)', () => {
    for (const bytes of [Uint8Array.of(1, 2, 3), deflateSync(Buffer.from('x')).subarray(0, 4)]) {
      const error = caught(() => inflateBounded(bytes, 100));
      expect(error.code).toBe(Status.INTERNAL);
      expect(error.message).toMatch(/^could not decompress the deflate message: /);
    }
  });

  test('decompressMessage names every encoding it reads when it meets another', () => {
    const error = caught(() => decompressMessage('br', Uint8Array.of(1), 10));
    expect(error.code).toBe(Status.UNIMPLEMENTED);
    expect(error.message).toBe(
      'the message is compressed with "br", which is not supported (supported: gzip, deflate, identity)',
    );
  });
});
