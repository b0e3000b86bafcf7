import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayPool, powerOfTwo, wholeMiB } from '../src/flow/array-pool.js';

const MiB = 1024 * 1024;

/** A pool of whole-MiB arrays with no per-array limit, as large messages use. */
function pool(maxFree: number, maxFreeBytes: number, idleMs: number, now: () => number): ArrayPool {
  return new ArrayPool({
    maxFree,
    maxFreeBytes,
    maxArray: maxFreeBytes,
    idleMs,
    sizeFor: wholeMiB,
    now,
  });
}

describe('ArrayPool', () => {
  it('lends whole MiB, takes an array back once and lends it again for a similar size', () => {
    const arrays = pool(2, 40 * MiB, 10_000, () => 0);
    const first = arrays.take(3 * MiB + 5);
    expect(first.length).toBe(4 * MiB);
    expect(arrays.isLent(first.subarray(10, 20))).toBe(true);
    arrays.giveBack(first.subarray(0, 3 * MiB + 5));
    expect(arrays.isLent(first)).toBe(false);
    expect(arrays.freeBytes).toBe(4 * MiB);
    // Given back twice: the second time is ignored.
    arrays.giveBack(first);
    expect(arrays.freeBytes).toBe(4 * MiB);
    const again = arrays.take(3 * MiB);
    expect(again.buffer === first.buffer).toBe(true);
    expect(arrays.freeBytes).toBe(0);
  });

  it('does not lend an array more than twice the size asked for, nor take foreign arrays', () => {
    const arrays = pool(2, 40 * MiB, 10_000, () => 0);
    const large = arrays.take(16 * MiB);
    arrays.giveBack(large);
    const small = arrays.take(3 * MiB);
    expect(small.buffer === large.buffer).toBe(false);
    arrays.giveBack(new Uint8Array(8 * MiB));
    expect(arrays.freeBytes).toBe(16 * MiB);
  });

  it('drops arrays idle past idleMs, and keeps no more than its bounds', () => {
    let now = 0;
    const arrays = pool(2, 20 * MiB, 1_000, () => now);
    const [a, b, c] = [arrays.take(8 * MiB), arrays.take(8 * MiB), arrays.take(3 * MiB)];
    arrays.giveBack(a);
    arrays.giveBack(b);
    // Past maxFreeBytes (and maxFree): dropped.
    arrays.giveBack(c);
    expect(arrays.freeBytes).toBe(16 * MiB);
    now = 1_001;
    const d = arrays.take(8 * MiB);
    expect(d.buffer === a.buffer || d.buffer === b.buffer).toBe(false);
    expect(arrays.freeBytes).toBe(0);
  });

  it('never lends an array that is lent already, whatever the order of takes and gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(0)), { maxLength: 40 }),
        (steps) => {
          const arrays = pool(3, 24 * MiB, 10_000, () => 0);
          const lent: Buffer[] = [];
          for (const step of steps) {
            if (step === 0) {
              const array = lent.shift();
              if (array !== undefined) arrays.giveBack(array);
              continue;
            }
            const array = arrays.take(step * MiB);
            expect(array.length).toBeGreaterThanOrEqual(step * MiB);
            expect(lent.some((other) => other.buffer === array.buffer)).toBe(false);
            lent.push(array);
          }
          expect(arrays.freeBytes).toBeLessThanOrEqual(24 * MiB);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps no array larger than maxArray, and sizes arrays with sizeFor', () => {
    const held = new ArrayPool({
      maxFree: 8,
      maxFreeBytes: 8 * MiB,
      maxArray: MiB,
      idleMs: 10_000,
      sizeFor: powerOfTwo,
      now: () => 0,
    });
    const small = held.take(100);
    expect(small.length).toBe(128);
    held.giveBack(small.subarray(0, 100));
    expect(held.freeBytes).toBe(128);
    const big = held.take(MiB + 1);
    expect(big.length).toBe(2 * MiB);
    held.giveBack(big);
    expect(held.freeBytes).toBe(128);
    expect(held.take(70).buffer === small.buffer).toBe(true);
  });
});
