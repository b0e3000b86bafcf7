import { gunzipSync, gzipSync } from 'node:zlib';
import { isRpcError, type RpcError, Status } from '@yrpc/protocol';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  gunzipBounded,
  gunzipBoundedAsync,
  gzipCompress,
  gzipCompressAsync,
} from '../../src/compression/gzip-codec.js';
import { compressMessage, decompressMessage } from '../../src/compression/message-compression.js';
import { caught } from '../helpers/caught-rpc-error.js';
import { gzipBomb } from '../helpers/gzip-bomb.js';

const payloads = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }),
  // Compressible: runs of few distinct bytes.
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 2000 })), {
      maxLength: 20,
    })
    .map((runs) => Uint8Array.from(runs.flatMap(([byte, count]) => Array(count).fill(byte)))),
);

describe('gzip codec', () => {
  test('round trips any payload, and zlib reads what it writes', () => {
    fc.assert(
      fc.property(payloads, fc.integer({ min: -1, max: 9 }), (bytes, level) => {
        const compressed = gzipCompress(bytes, { level: level as 6 });
        expect(new Uint8Array(gunzipSync(compressed))).toEqual(bytes);
        expect(new Uint8Array(gunzipBounded(compressed, bytes.length))).toEqual(bytes);
        expect(new Uint8Array(gunzipBounded(gzipSync(bytes), bytes.length + 7))).toEqual(bytes);
      }),
    );
  });

  test('a limit one byte below the output is RESOURCE_EXHAUSTED, exactly at it passes', () => {
    fc.assert(
      fc.property(payloads, (bytes) => {
        const compressed = gzipCompress(bytes);
        expect(gunzipBounded(compressed, bytes.length).length).toBe(bytes.length);
        if (bytes.length === 0) return;
        const error = caught(() => gunzipBounded(compressed, bytes.length - 1));
        expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
        expect(error.message).toBe(
          `the decompressed message is larger than the limit of ${bytes.length - 1} bytes`,
        );
      }),
    );
  });

  test('a limit of 0 accepts only an empty message', () => {
    expect(gunzipBounded(gzipCompress(new Uint8Array(0)), 0).length).toBe(0);
    expect(caught(() => gunzipBounded(gzipCompress(Uint8Array.of(1)), 0)).code).toBe(
      Status.RESOURCE_EXHAUSTED,
    );
  });

  test('corrupt, truncated or empty input is INTERNAL with a message saying so', () => {
    const good = gzipCompress(Buffer.from('hello hello hello hello'));
    const corrupt = Buffer.from(good);
    corrupt[12] = (corrupt[12] as number) ^ 0xff;
    const badChecksum = Buffer.from(good);
    badChecksum[good.length - 6] = (badChecksum[good.length - 6] as number) ^ 1;
    for (const bytes of [
      Buffer.from('not gzip at all'),
      good.subarray(0, good.length - 3),
      corrupt,
      badChecksum,
      new Uint8Array(0),
    ]) {
      const error = caught(() => gunzipBounded(bytes, 1 << 20));
      expect(error.code).toBe(Status.INTERNAL);
      expect(error.message).toMatch(/^could not decompress the gzip message: /);
    }
  });

  test('arbitrary bytes never throw anything but an RpcError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.boolean(), (tail, withHeader) => {
        const bytes = withHeader ? Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), tail]) : tail;
        try {
          gunzipBounded(bytes, 1024);
        } catch (error) {
          expect(isRpcError(error)).toBe(true);
          expect([Status.INTERNAL, Status.RESOURCE_EXHAUSTED]).toContain((error as RpcError).code);
        }
      }),
    );
  });

  test('the bomb builder makes valid gzip', () => {
    const bomb = gzipBomb(4);
    expect(gunzipSync(bomb).equals(Buffer.alloc(4 << 20))).toBe(true);
  });

  test('a 1 GiB bomb is cut at the limit quickly, without inflating it whole', () => {
    const bomb = gzipBomb(1024);
    expect(bomb.length).toBeLessThan(2 << 20);
    const before = process.memoryUsage();
    const started = performance.now();
    const error = caught(() => gunzipBounded(bomb, 4 << 20));
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toContain('limit of 4194304 bytes');
    expect(elapsed).toBeLessThan(1000);
    // Inflating it whole would take 1 GiB; the cut one holds at most a few MiB at once.
    expect(after.arrayBuffers + after.rss - before.arrayBuffers - before.rss).toBeLessThan(
      256 << 20,
    );
  });

  test('the asynchronous forms agree with the synchronous ones', async () => {
    const bytes = Buffer.alloc(10_000, 7);
    const compressed = await gzipCompressAsync(bytes, { level: 1 });
    expect((await gunzipBoundedAsync(compressed, 10_000)).equals(bytes)).toBe(true);
    await expect(gunzipBoundedAsync(compressed, 9_999)).rejects.toMatchObject({
      code: Status.RESOURCE_EXHAUSTED,
    });
    await expect(gunzipBoundedAsync(Buffer.from('junk'), 10)).rejects.toMatchObject({
      code: Status.INTERNAL,
    });
    await expect(gunzipBoundedAsync(gzipBomb(1024), 1 << 20)).rejects.toMatchObject({
      code: Status.RESOURCE_EXHAUSTED,
    });
  });

  test('compressMessage and decompressMessage dispatch on the encoding', () => {
    fc.assert(
      fc.property(payloads, fc.constantFrom('gzip' as const, 'identity' as const), (bytes, e) => {
        const sent = compressMessage(e, bytes);
        if (e === 'identity') expect(sent).toBe(bytes);
        expect(new Uint8Array(decompressMessage(e.toUpperCase(), sent, bytes.length))).toEqual(
          bytes,
        );
      }),
    );
    const error = caught(() => decompressMessage('br', Uint8Array.of(1), 10));
    expect(error.code).toBe(Status.UNIMPLEMENTED);
    expect(error.message).toContain('"br"');
  });
});
