import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import type { MessageCodec } from '../src/message-codec.js';
import { encodeShared, ownedBytes } from '../src/message-writer.js';

const root = protobuf.parse(
  'syntax = "proto3"; message M { string text = 1; bytes data = 2; repeated M kids = 3; }',
).root;
const M = root.lookupType('M') as unknown as MessageCodec<Record<string, unknown>>;

describe('encodeShared', () => {
  it('encodes exactly what encode().finish() does, into a view reused by the next message', () => {
    const message = { text: 'hi', data: Uint8Array.of(1, 2, 3), kids: [{ text: 'k' }] };
    const first = encodeShared(M, message);
    expect(Buffer.from(first).equals(Buffer.from(M.encode(message).finish()))).toBe(true);
    const kept = ownedBytes(first);
    const second = encodeShared(M, { text: 'other' });
    expect(second.buffer).toBe(first.buffer);
    expect(Buffer.from(kept).equals(Buffer.from(M.encode(message).finish()))).toBe(true);
    expect(M.decode(second)).toMatchObject({ text: 'other' });
  });

  it('starts afresh after a message that does not encode', () => {
    // A codec that fails half way, with a length-delimited field open.
    const failing: MessageCodec<unknown> = {
      encode: (_message, writer) => {
        writer?.uint32(0x1a).fork().string('half');
        throw new TypeError('boom');
      },
      decode: () => ({}),
    };
    expect(() => encodeShared(failing, {})).toThrow('boom');
    const after = encodeShared(M, { text: 'after' });
    expect(Buffer.from(after).equals(Buffer.from(M.encode({ text: 'after' }).finish()))).toBe(true);
  });

  it('does not keep a large buffer for later messages, and takes bytes from codecs of their own', () => {
    const big = encodeShared(M, { data: new Uint8Array(1024 * 1024) });
    const small = encodeShared(M, { text: 'x' });
    expect(small.buffer).not.toBe(big.buffer);
    const own: MessageCodec<unknown> = {
      encode: () => protobuf.Writer.create().string('own'),
      decode: () => ({}),
    };
    expect([...encodeShared(own, {})]).toEqual([3, 111, 119, 110]);
  });
});
