import { ByteBuffer, FrameDecoder, FrameEncoder } from '@yrpc/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestMetaCache } from '../src/server/request-meta-cache.js';

function requestFrame(method: string, timeoutMs = 0) {
  const out = new ByteBuffer();
  new FrameEncoder().writeRequest(out, 1, { method, timeoutMs }, new Uint8Array([1, 2, 3]));
  const frame = new FrameDecoder().decode(out);
  if (frame === undefined) throw new Error('no frame');
  return frame;
}

const meta = (method: string) => ({
  method,
  timeoutMs: 0,
  idempotencyKey: new Uint8Array(),
  metadata: [],
  traceparent: '',
  tracestate: '',
});

describe('RequestMetaCache', () => {
  it('matches exactly the meta bytes it remembered', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,8}\.[A-Z][a-z]{0,8}\/[A-Z]\w{0,8}$/),
        fc.string(),
        (a, b) => {
          const cache = new RequestMetaCache();
          const first = requestFrame(a);
          expect(cache.matches(first)).toBe(false);
          cache.remember(first, meta(a), undefined);
          expect(cache.matches(requestFrame(a))).toBe(true);
          expect(cache.matches(requestFrame(`${a}${b}x`))).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('keeps its own copy of the bytes', () => {
    const cache = new RequestMetaCache();
    const frame = requestFrame('a.B/C');
    cache.remember(frame, meta('a.B/C'), undefined);
    frame.bytes.fill(0);
    expect(cache.matches(requestFrame('a.B/C'))).toBe(true);
  });

  it('does not remember meta with a deadline', () => {
    const cache = new RequestMetaCache();
    const frame = requestFrame('a.B/C', 50);
    cache.remember(frame, { ...meta('a.B/C'), timeoutMs: 50 }, undefined);
    expect(cache.matches(requestFrame('a.B/C', 50))).toBe(false);
  });
});
