import { ByteBuffer, FrameDecoder, FrameEncoder } from '@yrpc/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownedPayload } from '../src/flow/owned-payload.js';

describe('ownedPayload', () => {
  it('copies exactly the payload, and the copy survives the input being overwritten', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(64), (payload, lead) => {
        const out = new ByteBuffer();
        out.writeBytes(new Uint8Array(lead));
        out.retrieve(lead);
        new FrameEncoder().writeResponse(out, 3, payload);
        const frame = new FrameDecoder().decode(out);
        if (frame === undefined) throw new Error('no frame');
        const copy = ownedPayload(frame);
        expect(Buffer.isBuffer(copy)).toBe(true);
        expect([...copy]).toEqual([...payload]);
        frame.bytes.fill(0xee);
        expect([...copy]).toEqual([...payload]);
      }),
      { numRuns: 100 },
    );
  });

  it('hands a large payload on without a copy, and later reads do not touch it', () => {
    const payload = Uint8Array.from({ length: 200 * 1024 }, (_, i) => (i * 7) & 0xff);
    const input = new ByteBuffer();
    const encoder = new FrameEncoder();
    encoder.writeResponse(input, 5, payload);
    encoder.writePing(input, 1);
    const decoder = new FrameDecoder();
    const frame = decoder.decode(input);
    if (frame === undefined) throw new Error('no frame');
    expect(frame.owned).toBe(true);
    const view = ownedPayload(frame);
    expect(view.buffer).toBe(frame.bytes.buffer);
    // The input goes on (the PING after it, then new writes) in storage of its own.
    expect(decoder.decode(input)?.id).toBe(1);
    input.writeBytes(new Uint8Array(300 * 1024).fill(0xee));
    expect(Buffer.compare(view, Buffer.from(payload))).toBe(0);
  });
});
