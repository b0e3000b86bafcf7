import { ByteBuffer, type Frame, FrameDecoder, FrameEncoder } from '@yrpc/protocol';
import { describe, expect, it } from 'vitest';
import { DeferredRequests } from '../src/client/deferred-requests.js';

function request(input: ByteBuffer, id: number, payload: Uint8Array): Frame {
  new FrameEncoder().writeRequest(input, id, { method: 'a.B/C' }, payload);
  const frame = new FrameDecoder().decode(input);
  if (frame === undefined) throw new Error('no frame');
  return frame;
}

describe('DeferredRequests', () => {
  it('keeps requests in order, with bytes of their own that later reads do not overwrite', () => {
    const input = new ByteBuffer();
    const deferred = new DeferredRequests();
    deferred.add(request(input, 1, Uint8Array.of(1, 2, 3)), 3, 10);
    deferred.add(request(input, 3, Uint8Array.of(4)), 1, 11);
    input.writeBytes(new Uint8Array(64).fill(0xee));
    expect(deferred.size).toBe(2);
    const first = deferred.take();
    expect([first?.frame.id, [...(first?.frame.payload ?? [])], first?.retained]).toEqual([
      1,
      [1, 2, 3],
      3,
    ]);
    expect(first?.frame.owned).toBe(true);
    expect(deferred.take()?.receivedAt).toBe(11);
    expect(deferred.take()).toBeUndefined();
  });

  it('takes out a cancelled request by id and forgets everything on clear', () => {
    const input = new ByteBuffer();
    const deferred = new DeferredRequests();
    for (const id of [1, 3, 5]) deferred.add(request(input, id, Uint8Array.of(id)), 1, 0);
    expect(deferred.remove(3)?.frame.id).toBe(3);
    expect(deferred.remove(3)).toBeUndefined();
    expect(deferred.take()?.frame.id).toBe(1);
    expect(deferred.take()?.frame.id).toBe(5);
    deferred.add(request(input, 7, Uint8Array.of(7)), 1, 0);
    deferred.clear();
    expect(deferred.size).toBe(0);
  });
});
