import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ByteBuffer,
  decodeGoAwayMeta,
  decodeHandshakeMeta,
  decodeRequestMeta,
  decodeResponseMeta,
  decodeStatusMeta,
  type Frame,
  FrameDecoder,
  FrameEncoder,
  FrameFlag,
  FrameType,
  Status,
} from '../src/index.js';

// The test vectors of PROTOCOL.md, section 10: each is encoded from its description and compared
// byte for byte, then decoded and its fields compared.

const doc = readFileSync(new URL('../PROTOCOL.md', import.meta.url), 'utf8');
const vectors = new Map(
  [...doc.matchAll(/#### Vector: ([\w-]+)\n[\s\S]*?```hex\n([\s\S]*?)```/g)].map((m) => [
    m[1] as string,
    Buffer.from((m[2] as string).replace(/\s+/g, ''), 'hex'),
  ]),
);

const hi = Uint8Array.of(0x0a, 0x02, 0x68, 0x69);
/** `hi` as gzip, as PROTOCOL.md shows it: header (mtime 0, OS 3), deflate, CRC-32, length. */
const gzipHi = Buffer.from('1f8b0800000000000003e362cac8040045d337d404000000', 'hex');

interface Vector {
  encode(out: ByteBuffer, encoder: FrameEncoder): void;
  check(frame: Frame): void;
}

const meta = <T>(decode: (b: Uint8Array, s: number, e: number) => T, f: Frame): T =>
  decode(f.bytes, f.metaStart, f.metaEnd);

const expected: Record<string, Vector> = {
  ping: {
    encode: (o, e) => e.writePing(o, 0x01020304),
    check: (f) =>
      expect([f.type, f.id, f.metaLength, f.payloadLength]).toEqual([
        FrameType.PING,
        0x01020304,
        0,
        0,
      ]),
  },
  request: {
    encode: (o, e) => e.writeRequest(o, 1, { method: 'pkg.Echo/Say', timeoutMs: 1500 }, hi),
    check: (f) => {
      expect([f.type, f.id, f.flags]).toEqual([FrameType.REQUEST, 1, FrameFlag.END_STREAM]);
      expect(meta(decodeRequestMeta, f)).toMatchObject({ method: 'pkg.Echo/Say', timeoutMs: 1500 });
      expect([...f.payload]).toEqual([...hi]);
    },
  },
  'request-with-metadata': {
    encode: (o, e) =>
      e.writeRequest(
        o,
        2,
        {
          method: 'a.B/C',
          idempotencyKey: Uint8Array.of(0xde, 0xad),
          metadata: [{ key: 'user', value: 'ann' }],
        },
        new Uint8Array(0),
      ),
    check: (f) => {
      const m = meta(decodeRequestMeta, f);
      expect([m.method, [...m.idempotencyKey], m.metadata]).toEqual([
        'a.B/C',
        [0xde, 0xad],
        [{ key: 'user', value: 'ann' }],
      ]);
    },
  },
  response: {
    encode: (o, e) => e.writeResponse(o, 1, hi),
    check: (f) => {
      expect([f.type, f.id, f.flags, [...f.payload]]).toEqual([
        FrameType.RESPONSE,
        1,
        FrameFlag.END_STREAM,
        [...hi],
      ]);
      expect(meta(decodeResponseMeta, f)).toEqual({ metadata: [], trailers: [] });
    },
  },
  error: {
    encode: (o, e) => e.writeError(o, 2, { code: Status.NOT_FOUND, message: 'not found' }),
    check: (f) =>
      expect(meta(decodeStatusMeta, f)).toMatchObject({ code: 5, message: 'not found' }),
  },
  cancel: {
    encode: (o, e) => e.writeCancel(o, 3),
    check: (f) => expect([f.type, f.id, f.metaLength]).toEqual([FrameType.CANCEL, 3, 0]),
  },
  'goaway-drain': {
    encode: (o, e) => e.writeGoAway(o, 7, { code: 0, message: 'bye' }, true),
    check: (f) => {
      expect([f.type, f.id, f.flags]).toEqual([FrameType.GOAWAY, 7, FrameFlag.DRAIN]);
      expect(meta(decodeGoAwayMeta, f)).toEqual({ code: 0, message: 'bye' });
    },
  },
  'goaway-final': {
    encode: (o, e) => e.writeGoAway(o, 9),
    check: (f) =>
      expect([f.type, f.id, f.flags, f.metaLength]).toEqual([FrameType.GOAWAY, 9, 0, 0]),
  },
  handshake: {
    encode: (o, e) =>
      e.writeHandshake(o, {
        version: 1,
        maxFrameSize: 16777216,
        maxMetaSize: 16384,
        maxConcurrentCalls: 100,
        heartbeatIntervalMs: 10000,
        agent: 'yrpc',
      }),
    check: (f) =>
      expect(meta(decodeHandshakeMeta, f)).toEqual({
        version: 1,
        maxFrameSize: 16777216,
        maxMetaSize: 16384,
        maxConcurrentCalls: 100,
        heartbeatIntervalMs: 10000,
        agent: 'yrpc',
        connectionWindow: 0,
        streamWindow: 0,
        acceptEncoding: [],
      }),
  },
  'handshake-compression': {
    encode: (o, e) => e.writeHandshake(o, { version: 1, acceptEncoding: ['gzip'] }),
    check: (f) =>
      expect(meta(decodeHandshakeMeta, f)).toMatchObject({ version: 1, acceptEncoding: ['gzip'] }),
  },
  'stream-data-compressed': {
    encode: (o, e) => e.writeStreamData(o, 7, gzipHi, false, true),
    check: (f) => {
      expect([f.type, f.id, f.flags]).toEqual([FrameType.STREAM_DATA, 7, FrameFlag.COMPRESSED]);
      expect([...gunzipSync(f.payload)]).toEqual([...hi]);
    },
  },
  'response-compressed': {
    encode: (o, e) =>
      e.writeResponse(o, 1, gzipHi, undefined, FrameFlag.END_STREAM | FrameFlag.COMPRESSED),
    check: (f) => {
      expect([f.type, f.id, f.flags]).toEqual([FrameType.RESPONSE, 1, 0x0009]);
      expect([...gunzipSync(f.payload)]).toEqual([...hi]);
    },
  },
  'handshake-windows': {
    encode: (o, e) =>
      e.writeHandshake(o, { version: 1, connectionWindow: 67108864, streamWindow: 33554432 }, true),
    check: (f) =>
      expect(meta(decodeHandshakeMeta, f)).toMatchObject({
        version: 1,
        connectionWindow: 67108864,
        streamWindow: 33554432,
      }),
  },
  'stream-open': {
    encode: (o, e) => e.writeRequest(o, 7, { method: 'chat.Room/Talk' }, new Uint8Array(0), 0),
    check: (f) => {
      expect([f.type, f.id, f.flags, f.payloadLength]).toEqual([FrameType.REQUEST, 7, 0, 0]);
      expect(meta(decodeRequestMeta, f).method).toBe('chat.Room/Talk');
    },
  },
  'stream-data': {
    encode: (o, e) => e.writeStreamData(o, 7, hi),
    check: (f) =>
      expect([f.type, f.id, f.flags, [...f.payload]]).toEqual([
        FrameType.STREAM_DATA,
        7,
        0,
        [...hi],
      ]),
  },
  'stream-half-close': {
    encode: (o, e) => e.writeStreamEnd(o, 7),
    check: (f) => expect([f.type, f.id, f.metaLength]).toEqual([FrameType.STREAM_END, 7, 0]),
  },
  'stream-headers': {
    encode: (o, e) =>
      e.writeResponse(o, 7, new Uint8Array(0), { metadata: [{ key: 'room', value: 'a' }] }, 0),
    check: (f) => {
      expect([f.type, f.flags, f.payloadLength]).toEqual([FrameType.RESPONSE, 0, 0]);
      expect(meta(decodeResponseMeta, f).metadata).toEqual([{ key: 'room', value: 'a' }]);
    },
  },
  'stream-end-ok': {
    encode: (o, e) => e.writeStreamEnd(o, 7, { code: 0, trailers: [{ key: 'n', value: '2' }] }),
    check: (f) =>
      expect(meta(decodeStatusMeta, f)).toMatchObject({
        code: 0,
        trailers: [{ key: 'n', value: '2' }],
      }),
  },
  'window-update-connection': {
    encode: (o, e) => e.writeWindowUpdate(o, 0, 8 * 1024 * 1024),
    check: (f) => {
      expect([f.type, f.id, f.metaLength]).toEqual([FrameType.WINDOW_UPDATE, 0, 0]);
      expect([...f.payload]).toEqual([0x00, 0x80, 0x00, 0x00]);
    },
  },
  'window-update-stream': {
    encode: (o, e) => e.writeWindowUpdate(o, 5, 65536),
    check: (f) => {
      expect([f.type, f.id]).toEqual([FrameType.WINDOW_UPDATE, 5]);
      expect([...f.payload]).toEqual([0x00, 0x01, 0x00, 0x00]);
    },
  },
  'handshake-ack': {
    encode: (o, e) => e.writeHandshake(o, { version: 1 }, true),
    check: (f) => {
      expect([f.type, f.flags]).toEqual([FrameType.HANDSHAKE, FrameFlag.ACK]);
      expect(meta(decodeHandshakeMeta, f).version).toBe(1);
    },
  },
};

describe('PROTOCOL.md test vectors', () => {
  it('lists exactly the vectors this test knows', () => {
    expect([...vectors.keys()].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, vector] of Object.entries(expected)) {
    it(`${name}: encodes to the documented bytes and decodes back`, () => {
      const bytes = vectors.get(name);
      expect(bytes, `vector ${name} is missing from PROTOCOL.md`).toBeDefined();
      const out = new ByteBuffer();
      vector.encode(out, new FrameEncoder());
      expect(Buffer.from(out.take()).toString('hex')).toBe(bytes?.toString('hex'));
      const decoder = new FrameDecoder();
      decoder.push(bytes as Buffer);
      const frame = decoder.next();
      expect(frame).toBeDefined();
      vector.check(frame as Frame);
      expect(decoder.bufferedBytes).toBe(0);
    });
  }
});
