import { describe, expect, it } from 'vitest';
import { Frame, FrameFlag, FrameType } from '../src/index.js';

describe('Frame', () => {
  it('exposes meta and payload as views and copies the payload on request', () => {
    const bytes = Buffer.from([0, 1, 2, 3, 4, 5, 6]);
    const frame = new Frame(FrameType.RESPONSE, FrameFlag.END_STREAM, 9, bytes, 1, 3, 6);
    expect([frame.metaLength, frame.payloadLength, frame.endStream]).toEqual([2, 3, true]);
    expect([...frame.meta]).toEqual([1, 2]);
    const view = frame.payload;
    const copy = frame.copyPayload();
    bytes[4] = 99;
    expect([...view]).toEqual([3, 99, 5]);
    expect([...copy]).toEqual([3, 4, 5]);
    expect(frame.has(FrameFlag.ACK)).toBe(false);
  });
});
