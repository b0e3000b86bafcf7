import { RpcError, Status } from '@yrpc/rpc';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  decodeStatusDetails,
  detailsFromHeader,
  encodeStatusDetails,
  statusDetailsHeader,
} from '../src/grpc/grpc-status-details.js';

/** google.rpc.Status as its .proto says, to check the hand-written encoding against. */
const root = protobuf.parse(`
  syntax = "proto3";
  package google.rpc;
  message Any { string type_url = 1; bytes value = 2; }
  message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
`).root;
const StatusType = root.lookupType('google.rpc.Status');

const status = fc.record({
  code: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  message: fc.string({ unit: 'grapheme' }),
  details: fc.array(fc.record({ typeUrl: fc.string(), value: fc.uint8Array({ maxLength: 64 }) }), {
    maxLength: 4,
  }),
});

describe('grpc-status-details-bin', () => {
  it('round-trips a google.rpc.Status and agrees with protobufjs both ways', () => {
    fc.assert(
      fc.property(status, (value) => {
        const bytes = encodeStatusDetails(value);
        const plain = (d: { typeUrl: string; value: Uint8Array }) => ({
          typeUrl: d.typeUrl,
          value: [...d.value],
        });
        const decoded = decodeStatusDetails(bytes);
        expect({ ...decoded, details: decoded.details.map(plain) }).toEqual({
          ...value,
          details: value.details.map(plain),
        });
        const reference = StatusType.toObject(StatusType.decode(bytes), { defaults: true }) as {
          code: number;
          message: string;
          details: { typeUrl: string; value: Uint8Array }[];
        };
        expect(reference.code).toBe(value.code);
        expect(reference.details.map(plain)).toEqual(value.details.map(plain));
        const theirs = StatusType.encode(StatusType.fromObject(value)).finish();
        expect(decodeStatusDetails(theirs).message).toBe(value.message);
      }),
    );
  });

  it('is sent, unpadded base64, only for an error with details, and read back when codes agree', () => {
    expect(statusDetailsHeader(new RpcError(Status.NOT_FOUND, 'gone'))).toBeUndefined();
    const detail = { typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: Uint8Array.of(1) };
    const header = statusDetailsHeader(
      new RpcError(Status.UNAVAILABLE, 'later', { details: [detail] }),
    );
    expect(header).toMatch(/^[A-Za-z0-9+/]+$/);
    const details = detailsFromHeader(header ?? '', Status.UNAVAILABLE);
    expect(details.map((d) => [d.typeUrl, [...d.value]])).toEqual([[detail.typeUrl, [1]]]);
    expect(detailsFromHeader(header ?? '', Status.INTERNAL)).toEqual([]);
    expect(detailsFromHeader('!!not base64 protobuf', Status.INTERNAL)).toEqual([]);
  });
});
