import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  encodeShared,
  heldCopy,
  ownedBytes,
  releaseHeld,
  reuseAfterWrite,
} from '../src/flow/message-writer.js';
import type { MessageCodec } from '../src/service/message-codec.js';

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

  it('keeps its buffer for messages up to 2 MiB, not above, and takes bytes from codecs of their own', () => {
    const medium = encodeShared(M, { data: new Uint8Array(1024 * 1024) });
    expect(encodeShared(M, { text: 'x' }).buffer).toBe(medium.buffer);
    const big = encodeShared(M, { data: new Uint8Array(3 * 1024 * 1024).fill(7) });
    // The writer gave that buffer up: the view is kept as it is, without a second copy.
    expect(ownedBytes(big)).toBe(big);
    const small = encodeShared(M, { text: 'x' });
    expect(small.buffer).not.toBe(big.buffer);
    encodeShared(M, { data: new Uint8Array(1024 * 1024).fill(9) });
    expect(M.decode(big)).toMatchObject({ data: expect.any(Uint8Array) });
    expect((M.decode(big) as { data: Uint8Array }).data.every((byte) => byte === 7)).toBe(true);
    // A view of the buffer the writer still uses is copied.
    const shared = encodeShared(M, { text: 'again' });
    expect(ownedBytes(shared)).not.toBe(shared);
    const own: MessageCodec<unknown> = {
      encode: () => protobuf.Writer.create().string('own'),
      decode: () => ({}),
    };
    expect([...encodeShared(own, {})]).toEqual([3, 111, 119, 110]);
  });
  it('encodes the next large message into the array of one the socket wrote, not before', () => {
    const first = ownedBytes(encodeShared(M, { data: new Uint8Array(5 * 1024 * 1024).fill(1) }));
    const reuse = reuseAfterWrite(first);
    expect(reuse).toBeTypeOf('function');
    // Not written yet: the next large message goes elsewhere.
    const second = ownedBytes(encodeShared(M, { data: new Uint8Array(5 * 1024 * 1024).fill(2) }));
    expect(second.buffer === first.buffer).toBe(false);
    reuse?.();
    const third = ownedBytes(encodeShared(M, { data: new Uint8Array(5 * 1024 * 1024).fill(3) }));
    expect(third.buffer === first.buffer).toBe(true);
    const decoded = M.decode(third) as { data: Uint8Array };
    expect(decoded.data.length === 5 * 1024 * 1024 && decoded.data.every((b) => b === 3)).toBe(
      true,
    );
    // The second message was never touched by the third.
    const kept = M.decode(second) as { data: Uint8Array };
    expect(kept.data.every((b) => b === 2)).toBe(true);
    // Small messages and arrays of the caller's own are never given back.
    expect(reuseAfterWrite(ownedBytes(encodeShared(M, { text: 'x' })))).toBeUndefined();
    expect(reuseAfterWrite(new Uint8Array(4 * 1024 * 1024))).toBeUndefined();
  });

  it('copies a view of given-up bytes that is not the one just encoded', () => {
    const big = encodeShared(M, { data: new Uint8Array(3 * 1024 * 1024) });
    // Only the bytes just encoded are handed over as they are, once.
    // (Identity compared as booleans: a failing toBe would print megabytes.)
    expect(ownedBytes(big) === big).toBe(true);
    expect(ownedBytes(big) === big).toBe(false);
    const other = new Uint8Array(100);
    expect(ownedBytes(other) === other).toBe(false);
  });
});

describe('heldCopy', () => {
  it('copies the bytes, and reuses a released array for a later copy that fits', () => {
    const first = heldCopy(Uint8Array.of(1, 2, 3));
    expect([...first]).toEqual([1, 2, 3]);
    releaseHeld(first);
    const second = heldCopy(Uint8Array.of(4, 5));
    expect(second.buffer).toBe(first.buffer);
    expect([...second]).toEqual([4, 5]);
    // An array still held is never handed out twice.
    const third = heldCopy(Uint8Array.of(6));
    expect(third.buffer).not.toBe(second.buffer);
    expect([...second]).toEqual([4, 5]);
    releaseHeld(second);
    releaseHeld(third);
  });

  it('takes the smallest free array that fits, and keeps none above 1 MiB', () => {
    const small = heldCopy(new Uint8Array(100));
    const large = heldCopy(new Uint8Array(100_000));
    releaseHeld(large);
    releaseHeld(small);
    expect(heldCopy(new Uint8Array(90)).buffer).toBe(small.buffer);
    expect(heldCopy(new Uint8Array(90_000)).buffer).toBe(large.buffer);
    const huge = heldCopy(new Uint8Array(2 * 1024 * 1024));
    releaseHeld(huge);
    expect(heldCopy(new Uint8Array(2 * 1024 * 1024)).buffer).not.toBe(huge.buffer);
  });
});
