import { RpcError, Status, type StatusCode } from '@yrpc/rpc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endStreamEnvelope } from '../src/connect/connect-envelope.js';
import { connectErrorJson } from '../src/connect/connect-error.js';
import { readConnectError, readEndStream } from '../src/connect-client/connect-error-reader.js';

// The client's reading of Connect's error JSON and EndStreamResponse is the inverse of what the
// server side writes (connect-error.ts, connect-envelope.ts).

const code = fc.integer({ min: 1, max: 16 }).map((value) => value as StatusCode);
const detail = fc.record({
  typeUrl: fc.stringMatching(/^[a-z][a-z0-9.]{0,20}$/).map((name) => `type.googleapis.com/${name}`),
  value: fc.uint8Array({ maxLength: 40 }),
});
const error = fc
  .record({
    code,
    message: fc.string({ maxLength: 40 }),
    details: fc.array(detail, { maxLength: 3 }),
  })
  .map(({ code, message, details }) => new RpcError(code, message, { details }));
const trailers = fc.array(
  fc.record({
    key: fc.stringMatching(/^x-[a-z0-9_.-]{1,10}$/),
    value: fc.string({ maxLength: 20 }),
  }),
  { maxLength: 4 },
);

describe('readConnectError', () => {
  it('reads back what connectErrorJson writes', () => {
    fc.assert(
      fc.property(error, (written) => {
        const read = readConnectError(JSON.parse(JSON.stringify(connectErrorJson(written))));
        expect(read).toEqual({
          code: written.code,
          message: written.message,
          details: written.details.map((d) => ({
            typeUrl: d.typeUrl,
            value: new Uint8Array(d.value),
          })),
        });
      }),
    );
  });

  it('is undefined for what is not Connect error JSON', () => {
    for (const value of [null, 'x', [], {}, { code: null }, { code: 'bogus' }, { code: 'ok' }]) {
      expect(readConnectError(value)).toBeUndefined();
    }
  });

  it('skips details that are not base64', () => {
    const read = readConnectError({ code: 'internal', details: [{ type: 'a.B', value: '!!' }] });
    expect(read).toEqual({ code: Status.INTERNAL, message: '', details: [] });
  });
});

describe('readEndStream', () => {
  it('reads back what endStreamEnvelope writes, with or without an error', () => {
    fc.assert(
      fc.property(fc.option(error, { nil: undefined }), trailers, (written, entries) => {
        const envelope = endStreamEnvelope(written, entries);
        const read = readEndStream(envelope.subarray(5));
        expect(read.error?.code).toBe(written?.code);
        expect(read.error?.message).toBe(written?.message);
        const byKey = (list: readonly { key: string; value: string }[]) =>
          [...list].sort((a, b) => a.key.localeCompare(b.key));
        expect(byKey(read.trailers)).toEqual(byKey(entries));
      }),
    );
  });

  it('refuses what is not an EndStreamResponse', () => {
    for (const text of [
      '',
      'null',
      '[]',
      '{"error":{}}',
      '{"metadata":[]}',
      '{"metadata":{"a":"b"}}',
    ]) {
      expect(() => readEndStream(new TextEncoder().encode(text))).toThrow();
    }
    expect(() => readEndStream(new Uint8Array([0xff]))).toThrow();
  });

  it('reads an error code Connect does not define as unknown', () => {
    const read = readEndStream(new TextEncoder().encode('{"error":{"code":"teapot"}}'));
    expect(read.error?.code).toBe(Status.UNKNOWN);
  });
});
