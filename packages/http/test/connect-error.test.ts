import { fileURLToPath } from 'node:url';
import { RpcError, Status, type StatusCode } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  codeOfHttpStatus,
  connectCodeName,
  connectErrorJson,
  httpStatusOfCode,
  statusOfConnectCode,
} from '../src/connect/connect-error.js';
import { asRpcError } from '../src/exchange/request-error.js';

/** Connect's table: code → name → HTTP status (connectrpc.com/docs/protocol#error-codes). */
const TABLE: Array<[StatusCode, string, number]> = [
  [Status.CANCELLED, 'canceled', 499],
  [Status.UNKNOWN, 'unknown', 500],
  [Status.INVALID_ARGUMENT, 'invalid_argument', 400],
  [Status.DEADLINE_EXCEEDED, 'deadline_exceeded', 504],
  [Status.NOT_FOUND, 'not_found', 404],
  [Status.ALREADY_EXISTS, 'already_exists', 409],
  [Status.PERMISSION_DENIED, 'permission_denied', 403],
  [Status.RESOURCE_EXHAUSTED, 'resource_exhausted', 429],
  [Status.FAILED_PRECONDITION, 'failed_precondition', 400],
  [Status.ABORTED, 'aborted', 409],
  [Status.OUT_OF_RANGE, 'out_of_range', 400],
  [Status.UNIMPLEMENTED, 'unimplemented', 501],
  [Status.INTERNAL, 'internal', 500],
  [Status.UNAVAILABLE, 'unavailable', 503],
  [Status.DATA_LOSS, 'data_loss', 500],
  [Status.UNAUTHENTICATED, 'unauthenticated', 401],
];

describe('Connect error codes', () => {
  for (const [code, name, httpStatus] of TABLE) {
    it(`${name}: code ${code}, HTTP ${httpStatus}`, () => {
      expect(connectCodeName(code)).toBe(name);
      expect(statusOfConnectCode(name)).toBe(code);
      expect(httpStatusOfCode(code)).toBe(httpStatus);
    });
  }

  it('names a number outside the set unknown (HTTP 500), and knows no other names', () => {
    expect(connectCodeName(99)).toBe('unknown');
    expect(connectCodeName(0)).toBe('unknown');
    expect(httpStatusOfCode(99)).toBe(500);
    expect(statusOfConnectCode('ok')).toBeUndefined();
    expect(statusOfConnectCode('cancelled')).toBeUndefined();
    expect(statusOfConnectCode('NOT_FOUND')).toBeUndefined();
  });

  it('infers a code from an HTTP status without an error body (Connect’s HTTP to Error Code table)', () => {
    const inferred: Array<[number, StatusCode]> = [
      [400, Status.INTERNAL],
      [401, Status.UNAUTHENTICATED],
      [403, Status.PERMISSION_DENIED],
      [404, Status.UNIMPLEMENTED],
      [429, Status.UNAVAILABLE],
      [502, Status.UNAVAILABLE],
      [503, Status.UNAVAILABLE],
      [504, Status.UNAVAILABLE],
      [500, Status.UNKNOWN],
      [418, Status.UNKNOWN],
    ];
    for (const [httpStatus, code] of inferred) expect(codeOfHttpStatus(httpStatus)).toBe(code);
  });
});

describe('Connect error JSON', () => {
  it('is the code alone when there is no message', () => {
    expect(connectErrorJson(new RpcError(Status.UNAVAILABLE, ''))).toEqual({ code: 'unavailable' });
  });

  it('has the code, the message and details as type + unpadded base64 value', () => {
    const error = new RpcError(Status.NOT_FOUND, 'no such user', {
      details: [
        { typeUrl: 'type.googleapis.com/acme.v1.Missing', value: new Uint8Array([1]) },
        { typeUrl: 'acme.v1.Bare', value: new Uint8Array([0xfb, 0xff]) },
      ],
    });
    expect(JSON.parse(JSON.stringify(connectErrorJson(error)))).toEqual({
      code: 'not_found',
      message: 'no such user',
      details: [
        { type: 'acme.v1.Missing', value: 'AQ' },
        { type: 'acme.v1.Bare', value: '+/8' },
      ],
    });
  });

  it('adds a debug JSON form of a detail whose type the schema root knows', () => {
    const root = protobuf.loadSync(
      fileURLToPath(new URL('./fixtures/connect-json.proto', import.meta.url)),
    );
    const Inner = root.lookupType('yrpc.test.connectjson.Inner');
    const value = Inner.encode({ id: 7, label: 'x' }).finish();
    const error = new RpcError(Status.ABORTED, 'retry', {
      details: [
        { typeUrl: 'type.googleapis.com/yrpc.test.connectjson.Inner', value },
        { typeUrl: 'type.googleapis.com/unknown.Type', value },
      ],
    });
    expect(connectErrorJson(error, root).details).toEqual([
      { type: 'yrpc.test.connectjson.Inner', value: 'CAcSAXg', debug: { id: 7, label: 'x' } },
      { type: 'unknown.Type', value: 'CAcSAXg' },
    ]);
  });

  it('asRpcError keeps an RpcError and makes anything else INTERNAL', () => {
    const error = new RpcError(Status.ABORTED, 'a');
    expect(asRpcError(error)).toBe(error);
    expect(asRpcError(new TypeError('boom')).code).toBe(Status.INTERNAL);
  });
});
