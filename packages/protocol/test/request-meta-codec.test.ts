import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yrpc } from '../generated/meta.js';
import { ProtocolError } from '../src/protocol-error.js';
import { decodeRequestMeta, requestMetaSize, writeRequestMeta } from '../src/request-meta-codec.js';
import { requestMeta } from './arbitraries.js';

const pb = yrpc.protocol.v1.RequestMeta;

function encode(meta: Parameters<typeof requestMetaSize>[0]): Uint8Array {
  const size = requestMetaSize(meta);
  const bytes = new Uint8Array(size + 4);
  const end = writeRequestMeta(bytes, 2, meta);
  expect(end).toBe(2 + size);
  return bytes.subarray(2, end);
}

const normalized = (m: Parameters<typeof requestMetaSize>[0]) => ({
  method: m.method,
  timeoutMs: m.timeoutMs ?? 0,
  idempotencyKey: new Uint8Array(m.idempotencyKey ?? []),
  metadata: (m.metadata ?? []).map((e) => ({ key: e.key, value: e.value })),
  traceparent: m.traceparent ?? '',
  tracestate: m.tracestate ?? '',
});

describe('request meta codec', () => {
  it('writes bytes that protobufjs decodes to the same message', () => {
    fc.assert(
      fc.property(requestMeta, (meta) => {
        const decoded = pb.decode(encode(meta));
        expect({
          method: decoded.method ?? '',
          timeoutMs: decoded.timeoutMs ?? 0,
          idempotencyKey: new Uint8Array(decoded.idempotencyKey ?? []),
          metadata: (decoded.metadata ?? []).map((e) => ({
            key: e.key ?? '',
            value: e.value ?? '',
          })),
          traceparent: decoded.traceparent ?? '',
          tracestate: decoded.tracestate ?? '',
        }).toEqual(normalized(meta));
      }),
      { numRuns: 300 },
    );
  });

  it('writes exactly the bytes protobufjs writes', () => {
    fc.assert(
      fc.property(requestMeta, (meta) => {
        expect(encode(meta)).toEqual(new Uint8Array(pb.encode(normalized(meta)).finish()));
      }),
      { numRuns: 200 },
    );
  });

  it('reads what protobufjs writes, copying out of the input', () => {
    fc.assert(
      fc.property(requestMeta, (meta) => {
        const bytes = pb.encode(normalized(meta)).finish();
        const padded = new Uint8Array(bytes.length + 3);
        padded.set(bytes, 1);
        const decoded = decodeRequestMeta(padded, 1, 1 + bytes.length);
        padded.fill(0);
        expect({ ...decoded, idempotencyKey: new Uint8Array(decoded.idempotencyKey) }).toEqual(
          normalized(meta),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('skips unknown fields and fields of an unexpected wire type, like protobufjs', () => {
    // method "a/b", unknown field 15 (varint 300), field 2 sent as length-delimited, field 20 fixed32
    const bytes = Uint8Array.from([
      0x0a, 0x03, 0x61, 0x2f, 0x62, 0x78, 0xac, 0x02, 0x12, 0x01, 0x00, 0xa5, 0x01, 1, 2, 3, 4,
    ]);
    const mine = decodeRequestMeta(bytes, 0, bytes.length);
    const theirs = pb.decode(bytes);
    expect(mine.method).toBe('a/b');
    expect(mine.timeoutMs).toBe(theirs.timeoutMs ?? 0);
  });

  it('throws only ProtocolError bad-meta on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          decodeRequestMeta(bytes, 0, bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
          expect((error as ProtocolError).code).toBe('bad-meta');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects truncation, invalid UTF-8 and groups', () => {
    const cases = [
      [0x0a, 0x05, 0x61],
      [0x10, 0xff],
      [0x0a, 0x01, 0xff],
      [0x0b, 0x0c],
      [0x00, 0x01],
    ];
    for (const c of cases) {
      const bytes = Uint8Array.from(c);
      expect(() => decodeRequestMeta(bytes, 0, bytes.length)).toThrow(
        expect.objectContaining({ code: 'bad-meta' }),
      );
    }
  });
});
