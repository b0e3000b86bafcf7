import { ByteBuffer, FrameDecoder, FrameEncoder } from '@yrpc/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownedPayload } from '../src/owned-payload.js';

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
});
