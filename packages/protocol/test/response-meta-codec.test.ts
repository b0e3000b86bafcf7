import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yrpc } from '../generated/meta.js';
import { ProtocolError } from '../src/protocol-error.js';
import {
  decodeResponseMeta,
  EMPTY_RESPONSE_META,
  responseMetaSize,
  writeResponseMeta,
} from '../src/response-meta-codec.js';
import { responseMeta } from './arbitraries.js';

const pb = yrpc.protocol.v1.ResponseMeta;

describe('response meta codec', () => {
  it('round-trips and matches protobufjs byte for byte', () => {
    fc.assert(
      fc.property(responseMeta, (meta) => {
        const bytes = new Uint8Array(responseMetaSize(meta));
        expect(writeResponseMeta(bytes, 0, meta)).toBe(bytes.length);
        const expected = { metadata: meta.metadata ?? [], trailers: meta.trailers ?? [] };
        expect(bytes).toEqual(new Uint8Array(pb.encode(expected).finish()));
        expect(decodeResponseMeta(bytes, 0, bytes.length)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('decodes an empty block to the shared empty meta', () => {
    expect(decodeResponseMeta(new Uint8Array(4), 2, 2)).toBe(EMPTY_RESPONSE_META);
    expect(responseMetaSize({})).toBe(0);
  });

  it('throws only ProtocolError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        try {
          decodeResponseMeta(bytes, 0, bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
