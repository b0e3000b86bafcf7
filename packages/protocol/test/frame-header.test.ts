import { describe, expect, it } from 'vitest';
import { checkFrameFields, checkHeaderPrefix, writeHeader } from '../src/frame-header.js';
import { FrameFlag, FrameType, frameTypeName } from '../src/frame-type.js';

describe('frame header', () => {
  it('writes the 16 bytes big-endian in the documented order', () => {
    const bytes = new Uint8Array(18);
    writeHeader(bytes, 1, FrameType.REQUEST, FrameFlag.END_STREAM, 0x01020304, 0x0506, 0x0708090a);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '00595201020001050601020304' + '0708090a' + '00',
    );
  });

  it('checks a prefix as far as it goes', () => {
    const bytes = Uint8Array.of(0x59, 0x52, 0x01, 0x02);
    for (let n = 0; n <= 4; n++) expect(() => checkHeaderPrefix(bytes, 0, n)).not.toThrow();
    expect(() => checkHeaderPrefix(Uint8Array.of(0x58), 0, 1)).toThrow(
      expect.objectContaining({ code: 'bad-magic' }),
    );
    expect(() => checkHeaderPrefix(Uint8Array.of(0x59, 0x52, 0x00), 0, 3)).toThrow(
      expect.objectContaining({ code: 'unsupported-version' }),
    );
    expect(() => checkHeaderPrefix(Uint8Array.of(0x59, 0x52, 0x01, 0xff), 0, 4)).toThrow(
      expect.objectContaining({ code: 'unknown-frame-type', value: 0xff }),
    );
  });

  it('applies the per-type rules', () => {
    expect(() => checkFrameFields(FrameType.PING, 0, 0, 0, 0)).not.toThrow();
    expect(() => checkFrameFields(FrameType.GOAWAY, FrameFlag.DRAIN, 7, 3, 0)).not.toThrow();
    expect(() => checkFrameFields(FrameType.HANDSHAKE, FrameFlag.ACK, 0, 3, 0)).not.toThrow();
    expect(() => checkFrameFields(FrameType.PONG, FrameFlag.ACK, 0, 0, 0)).toThrow(
      expect.objectContaining({ code: 'reserved-flags' }),
    );
    expect(() => checkFrameFields(FrameType.CANCEL, 0, 0, 0, 0)).toThrow(
      expect.objectContaining({ code: 'invalid-frame', value: 0 }),
    );
    expect(() => checkFrameFields(FrameType.GOAWAY, 0, 0, 0, 1)).toThrow(
      expect.objectContaining({ code: 'invalid-frame', value: 1 }),
    );
  });

  it('names frame types', () => {
    expect(frameTypeName(FrameType.STREAM_END)).toBe('STREAM_END');
    expect(frameTypeName(0x42)).toBe('0x42');
  });
});
