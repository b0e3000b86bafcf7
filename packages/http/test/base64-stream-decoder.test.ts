import { isRpcError, Status } from '@yrpc/rpc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base64StreamDecoder } from '../src/grpc-web/base64-stream-decoder.js';

function decodeAll(chunks: string[]): Buffer {
  const decoder = new Base64StreamDecoder();
  const parts = chunks.map((chunk) => Buffer.from(decoder.push(Buffer.from(chunk, 'latin1'))));
  parts.push(Buffer.from(decoder.end()));
  return Buffer.concat(parts);
}

function cut(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const point of [...points, text.length]) {
    chunks.push(text.slice(start, point));
    start = point;
  }
  return chunks;
}

describe('Base64StreamDecoder', () => {
  it('decodes separately padded pieces, cut anywhere, into their bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        (pieces, cuts, urlSafe) => {
          let text = pieces
            .map((p) => Buffer.from(p).toString(urlSafe ? 'base64url' : 'base64'))
            .join('');
          // base64url leaves padding out: only the end may then be short, so join one piece.
          if (urlSafe) text = Buffer.concat(pieces).toString('base64url');
          expect([...decodeAll(cut(text, cuts))]).toEqual([...Buffer.concat(pieces)]);
        },
      ),
    );
  });

  it('skips whitespace and reads an unpadded end', () => {
    expect(decodeAll(['QU', 'JD\r\n', 'RA']).toString()).toBe('ABCD');
  });

  it('refuses what is not base64, as INVALID_ARGUMENT', () => {
    for (const chunks of [['QUJ*'], ['Q===='], ['QQ=A'], ['Q'], ['QQ=']]) {
      let error: unknown;
      try {
        decodeAll(chunks);
      } catch (thrown) {
        error = thrown;
      }
      expect(isRpcError(error) && error.code, chunks.join('')).toBe(Status.INVALID_ARGUMENT);
    }
  });
});
