import type { OutgoingHttpHeaders } from 'node:http';
import { RpcError, Status } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import { addMetadataHeaders, metadataFromHeaders } from '../src/grpc/grpc-metadata.js';
import { statusHeaders } from '../src/grpc/grpc-status-headers.js';

describe('metadata and HTTP headers', () => {
  it('leaves protocol headers out of the call metadata and splits merged -bin values', () => {
    const metadata = metadataFromHeaders({
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': '1S',
      'grpc-encoding': 'gzip',
      'grpc-accept-encoding': 'gzip',
      'user-agent': 'grpc-node-js/1.14',
      host: 'localhost',
      'connect-protocol-version': '1',
      'x-grpc-web': '1',
      authorization: 'Bearer t',
      'trace-bin': 'AAE=, AgM',
      'x-list': 'a, b',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(metadata).toEqual([
      { key: 'authorization', value: 'Bearer t' },
      { key: 'trace-bin', value: 'AAE=' },
      { key: 'trace-bin', value: 'AgM' },
      { key: 'x-list', value: 'a, b' },
      { key: 'set-cookie', value: 'a=1' },
      { key: 'set-cookie', value: 'b=2' },
    ]);
  });

  it('writes metadata as headers, repeated keys as lists, and drops what HTTP would refuse', () => {
    const headers: OutgoingHttpHeaders = { 'content-type': 'application/grpc' };
    addMetadataHeaders(headers, [
      { key: 'X-Id', value: '7' },
      { key: 'x-id', value: '8' },
      { key: 'blob-bin', value: 'AAE' },
      { key: 'content-type', value: 'text/html' },
      { key: 'grpc-status', value: '0' },
      { key: 'bad key', value: 'v' },
      { key: 'newline', value: 'a\nb' },
      { key: 'connection', value: 'close' },
    ]);
    expect(headers).toEqual({
      'content-type': 'application/grpc',
      'x-id': ['7', '8'],
      'blob-bin': 'AAE',
    });
  });

  it('puts the status first, then the error metadata, then the trailers', () => {
    expect(statusHeaders(undefined, [{ key: 'done', value: 'yes' }])).toEqual({
      'grpc-status': '0',
      done: 'yes',
    });
    const error = new RpcError(Status.NOT_FOUND, 'no such user: é', {
      metadata: [{ key: 'why', value: 'deleted' }],
      details: [{ typeUrl: 't', value: Uint8Array.of(1) }],
    });
    const headers = statusHeaders(error, [{ key: 'done', value: 'no' }]);
    expect(Object.keys(headers)).toEqual([
      'grpc-status',
      'grpc-message',
      'grpc-status-details-bin',
      'why',
      'done',
    ]);
    expect(headers['grpc-status']).toBe('5');
    expect(headers['grpc-message']).toBe('no such user: %C3%A9');
  });
});
