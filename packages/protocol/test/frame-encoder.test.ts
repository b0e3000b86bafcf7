import { describe, expect, it } from 'vitest';
import {
  ByteBuffer,
  decodeRequestMeta,
  decodeResponseMeta,
  decodeStatusMeta,
  type Frame,
  FrameDecoder,
  FrameEncoder,
  FrameFlag,
  FrameType,
  RpcError,
  Status,
} from '../src/index.js';

describe('FrameEncoder', () => {
  it('writes every frame type so that the decoder reads it back', () => {
    const out = new ByteBuffer({ initialCapacity: 4 });
    const e = new FrameEncoder();
    e.writeHandshake(out, { version: 1, agent: 't' }, true);
    e.writeRequest(out, 1, { method: 'a.B/C', timeoutMs: 50 }, Uint8Array.of(9));
    e.writeResponse(out, 1, Uint8Array.of(8), { trailers: [{ key: 'k', value: 'v' }] });
    e.writeError(
      out,
      2,
      new RpcError(Status.NOT_FOUND, 'gone', { metadata: [{ key: 'a', value: 'b' }] }),
    );
    e.writeCancel(out, 3);
    e.writePing(out, 4);
    e.writePong(out, 4);
    e.writeGoAway(out, 3, { code: 0, message: 'bye' }, true);
    e.writeStreamData(out, 5, Uint8Array.of(1, 2), true);
    e.writeStreamEnd(out, 5, { code: Status.ABORTED });
    const d = new FrameDecoder();
    const frames = [];
    for (let f = d.decode(out); f !== undefined; f = d.decode(out)) frames.push(f);
    expect(frames.map((f) => [f.type, f.id, f.flags])).toEqual([
      [FrameType.HANDSHAKE, 0, FrameFlag.ACK],
      [FrameType.REQUEST, 1, FrameFlag.END_STREAM],
      [FrameType.RESPONSE, 1, FrameFlag.END_STREAM],
      [FrameType.ERROR, 2, 0],
      [FrameType.CANCEL, 3, 0],
      [FrameType.PING, 4, 0],
      [FrameType.PONG, 4, 0],
      [FrameType.GOAWAY, 3, FrameFlag.DRAIN],
      [FrameType.STREAM_DATA, 5, FrameFlag.END_STREAM],
      [FrameType.STREAM_END, 5, 0],
    ]);
    const [, request, response, error, cancel] = frames;
    expect(
      request && decodeRequestMeta(request.bytes, request.metaStart, request.metaEnd),
    ).toMatchObject({ method: 'a.B/C', timeoutMs: 50 });
    expect(response && [...response.payload]).toEqual([8]);
    expect(
      response && decodeResponseMeta(response.bytes, response.metaStart, response.metaEnd).trailers,
    ).toEqual([{ key: 'k', value: 'v' }]);
    expect(error && decodeStatusMeta(error.bytes, error.metaStart, error.metaEnd)).toMatchObject({
      code: 5,
      message: 'gone',
      trailers: [{ key: 'a', value: 'b' }],
    });
    expect(cancel?.metaLength).toBe(0);
  });

  it('refuses frames the peer would reject and writes nothing then', () => {
    const out = new ByteBuffer();
    const e = new FrameEncoder({ maxFrameSize: 256, maxMetaSize: 32 });
    expect(() => e.writeRequest(out, 1, { method: 'x'.repeat(40) }, new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'meta-too-large' }),
    );
    expect(() => e.writeResponse(out, 1, new Uint8Array(241))).toThrow(
      expect.objectContaining({ code: 'frame-too-large', value: 257 }),
    );
    expect(() => e.writeRequest(out, 0, { method: 'a.B/C' }, new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'invalid-frame' }),
    );
    expect(() => e.writePing(out, -1)).toThrow(expect.objectContaining({ code: 'invalid-frame' }));
    expect(() => e.writeRaw(out, 0x0c, 0, 1)).toThrow(
      expect.objectContaining({ code: 'unknown-frame-type' }),
    );
    expect(out.readableBytes).toBe(0);
    e.writeResponse(out, 1, new Uint8Array(240));
    expect(out.readableBytes).toBe(256);
  });

  it('adopts new peer limits', () => {
    const e = new FrameEncoder();
    e.setPeerLimits({ maxFrameSize: 1024 });
    expect(e.limits).toEqual({ maxFrameSize: 1024, maxMetaSize: 1008 });
    e.setPeerLimits({ maxMetaSize: 100 });
    expect(e.limits).toEqual({ maxFrameSize: 1024, maxMetaSize: 100 });
    expect(() => e.setPeerLimits({ maxFrameSize: 100 })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
  });

  it("cuts an ERROR that does not fit the peer's meta limit, the message first", () => {
    const encoder = new FrameEncoder({ maxMetaSize: 1024 });
    const out = new ByteBuffer();
    const trailers = [{ key: 'k', value: 'v'.repeat(100) }];
    encoder.writeError(out, 1, {
      code: 12,
      message: `unknown method ${'x'.repeat(5000)}`,
      trailers,
    });
    const frame = new FrameDecoder({ maxMetaSize: 1024 }).decode(out) as Frame;
    const status = decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    expect(status.code).toBe(12);
    expect(status.message.length).toBe(259);
    expect(status.message.endsWith('...')).toBe(true);
    expect(status.trailers).toEqual(trailers);
    encoder.writeError(out, 2, {
      code: 3,
      message: 'm',
      trailers: [{ key: 'big', value: 'v'.repeat(2000) }],
    });
    const bare = new FrameDecoder({ maxMetaSize: 1024 }).decode(out) as Frame;
    expect(decodeStatusMeta(bare.bytes, bare.metaStart, bare.metaEnd)).toMatchObject({
      code: 3,
      message: 'm',
      trailers: [],
    });
  });

  it('writes WINDOW_UPDATEs of 1..2^31-1 only', () => {
    const encoder = new FrameEncoder();
    const out = new ByteBuffer();
    for (const bad of [0, -1, 0x8000_0000, 1.5]) {
      expect(() => encoder.writeWindowUpdate(out, 0, bad)).toThrow(
        expect.objectContaining({ code: 'flow-control' }),
      );
    }
    expect(out.readableBytes).toBe(0);
    encoder.writeWindowUpdate(out, 3, 0x7fff_ffff);
    expect(Buffer.from(out.take()).toString('hex')).toBe(
      '5952010b0000000000000003000000047fffffff',
    );
  });

  it('writes a frame head whose payload follows separately, byte for byte as a whole frame', () => {
    const encoder = new FrameEncoder();
    const payload = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const whole = new ByteBuffer();
    encoder.writeRequest(whole, 4, { method: 'a.B/C', timeoutMs: 9 }, payload);
    encoder.writeResponse(whole, 4, payload, { metadata: [{ key: 'a', value: 'b' }] });
    const split = new ByteBuffer();
    encoder.writeRequestHead(split, 4, { method: 'a.B/C', timeoutMs: 9 }, payload.length);
    split.writeBytes(payload);
    encoder.writeResponseHead(split, 4, payload.length, { metadata: [{ key: 'a', value: 'b' }] });
    split.writeBytes(payload);
    expect(Buffer.from(split.take()).equals(Buffer.from(whole.take()))).toBe(true);
  });
});
