import { describe, expect, it } from 'vitest';
import { ConnectionInspector, localHandshake } from '../src/index.js';
import { codes, encode, hex } from './inspection.js';

describe('ConnectionInspector', () => {
  const gzipData = hex(
    '5952 01 09 0008 0000 00000007 00000018 1f8b0800000000000003 e362cac80400 45d337d4 04000000',
  );

  it('judges COMPRESSED against the receiver handshake that went by', () => {
    const connection = new ConnectionInspector();
    expect(codes(connection.push('client', gzipData))).toEqual(['compression-not-negotiated']);
    connection.push(
      'server',
      encode((e, out) => e.writeHandshake(out, localHandshake({ acceptEncoding: ['gzip'] }), true)),
    );
    expect(codes(connection.push('client', gzipData))).toEqual([]);
    // The client accepts nothing: the server may not compress.
    connection.push(
      'client',
      encode((e, out) => e.writeHandshake(out, localHandshake())),
    );
    expect(codes(connection.push('server', gzipData))).toEqual(['compression-not-negotiated']);
  });

  it('keeps each side to its connection credit: the announced window plus updates', () => {
    const connection = new ConnectionInspector();
    const data = (bytes: number) =>
      encode((e, out) => e.writeStreamData(out, 3, new Uint8Array(bytes)));
    // No HANDSHAKE from the server: the client has the default 1 MiB.
    expect(codes(connection.push('client', data(600_000)))).toEqual([]);
    expect(codes(connection.push('client', data(400_000)))).toEqual([]);
    connection.push(
      'server',
      encode((e, out) => e.writeWindowUpdate(out, 0, 500_000)),
    );
    expect(codes(connection.push('client', data(500_000)))).toEqual([]);
    expect(connection.push('client', data(100_000))[0]).toMatchObject({
      frame: {
        violations: [
          {
            code: 'flow-control',
            message:
              'a payload of 100000 bytes exceeds the 48576 bytes of connection credit the client had left',
          },
        ],
      },
    });
    // A server that announced 64 MiB gives its client that much.
    const roomy = new ConnectionInspector();
    roomy.push(
      'server',
      encode((e, out) => e.writeHandshake(out, localHandshake(), true)),
    );
    for (let i = 0; i < 4; i++) expect(codes(roomy.push('client', data(1_000_000)))).toEqual([]);
  });

  it('holds frames to the limits the receiver announced', () => {
    const connection = new ConnectionInspector();
    connection.push(
      'server',
      encode((e, out) => e.writeHandshake(out, localHandshake({ maxFrameSize: 1024 }), true)),
    );
    const big = encode((e, out) =>
      e.writeRequest(out, 1, { method: 'a.B/C' }, new Uint8Array(2000)),
    );
    expect(codes(connection.push('client', big))).toEqual(['frame-too-large']);
    expect(connection.end('client')).toEqual([]);
  });
});
