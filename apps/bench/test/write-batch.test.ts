import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawFrameReader } from '../src/targets/raw/frame-reader.js';
import {
  appendRawFrame,
  RAW_LARGE_PAYLOAD,
  RAW_MAX_PAYLOAD,
} from '../src/targets/raw/raw-frame.js';
import { WriteBatch } from '../src/targets/raw/write-batch.js';

function concat(chunks: readonly Uint8Array[]): number[] {
  return chunks.flatMap((chunk) => [...chunk]);
}

describe('WriteBatch', () => {
  it('hands back everything appended, in order, across slab changes and references', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('copy' as const), bytes: fc.uint8Array({ maxLength: 100 }) }),
      fc.record({
        kind: fc.constant('reference' as const),
        bytes: fc.uint8Array({ maxLength: 100 }),
      }),
      fc.record({ kind: fc.constant('take' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const batch = new WriteBatch(64);
        const expected: number[] = [];
        const taken: number[] = [];
        for (const entry of steps) {
          if (entry.kind === 'take') {
            taken.push(...concat(batch.takeChunks()));
            expect(batch.length).toBe(0);
          } else if (entry.kind === 'copy') {
            const offset = batch.reserve(entry.bytes.length);
            batch.bytes.set(entry.bytes, offset);
            expected.push(...entry.bytes);
          } else {
            batch.appendReference(entry.bytes);
            expected.push(...entry.bytes);
          }
        }
        taken.push(...concat(batch.takeChunks()));
        expect(taken).toEqual(expected);
      }),
    );
  });

  it('never reuses bytes it has handed out', () => {
    const batch = new WriteBatch(16);
    const first = batch.reserve(4);
    batch.bytes.set([1, 2, 3, 4], first);
    const [taken] = batch.takeChunks();
    for (let round = 0; round < 10; round++) {
      const offset = batch.reserve(4);
      batch.bytes.set([9, 9, 9, 9], offset);
      batch.takeChunks();
    }
    expect([...(taken as Uint8Array)]).toEqual([1, 2, 3, 4]);
  });

  it('keeps references without copying them', () => {
    const batch = new WriteBatch();
    const payload = new Uint8Array(32 * 1024);
    batch.appendReference(payload);
    expect(batch.takeChunks()[0]).toBe(payload);
  });

  it('writes the header of a large frame into the new slab when the old one is full', () => {
    // A 64-byte slab holds 8 headers: the 9th large frame's header starts a new slab. (It was
    // written into the old slab, over a header already handed out, corrupting the stream.)
    const batch = new WriteBatch(64);
    const payload = new Uint8Array(RAW_LARGE_PAYLOAD).fill(0x5a);
    const chunks: Uint8Array[] = [];
    for (let id = 0; id < 20; id++) {
      appendRawFrame(batch, id, payload, 0, payload.length);
      if (id % 3 === 2) chunks.push(...batch.takeChunks());
    }
    chunks.push(...batch.takeChunks());
    const ids: number[] = [];
    const reader = new RawFrameReader(RAW_MAX_PAYLOAD, (_bytes, start, end, requestId) => {
      expect(end - start).toBe(RAW_LARGE_PAYLOAD);
      ids.push(requestId);
    });
    for (const chunk of chunks) reader.push(chunk);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, id) => id));
    expect(reader.hasPartialFrame).toBe(false);
  });
});
