import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncodeBufferPool } from '../src/encode-buffer-pool.js';

const MiB = 1024 * 1024;

describe('EncodeBufferPool', () => {
  it('lends whole MiB, takes an array back once and lends it again for a similar size', () => {
    const pool = new EncodeBufferPool(2, 40 * MiB, 10_000, () => 0);
    const first = pool.take(3 * MiB + 5);
    expect(first.length).toBe(4 * MiB);
    expect(pool.isLent(first.subarray(10, 20))).toBe(true);
    pool.giveBack(first.subarray(0, 3 * MiB + 5));
    expect(pool.isLent(first)).toBe(false);
    expect(pool.freeBytes).toBe(4 * MiB);
    // Given back twice: the second time is ignored.
    pool.giveBack(first);
    expect(pool.freeBytes).toBe(4 * MiB);
    const again = pool.take(3 * MiB);
    expect(again.buffer === first.buffer).toBe(true);
    expect(pool.freeBytes).toBe(0);
  });

  it('does not lend an array more than twice the size asked for, nor take foreign arrays', () => {
    const pool = new EncodeBufferPool(2, 40 * MiB, 10_000, () => 0);
    const large = pool.take(16 * MiB);
    pool.giveBack(large);
    const small = pool.take(3 * MiB);
    expect(small.buffer === large.buffer).toBe(false);
    pool.giveBack(new Uint8Array(8 * MiB));
    expect(pool.freeBytes).toBe(16 * MiB);
  });

  it('drops arrays idle past idleMs, and keeps no more than its bounds', () => {
    let now = 0;
    const pool = new EncodeBufferPool(2, 20 * MiB, 1_000, () => now);
    const [a, b, c] = [pool.take(8 * MiB), pool.take(8 * MiB), pool.take(3 * MiB)];
    pool.giveBack(a);
    pool.giveBack(b);
    // Past maxFreeBytes (and maxFree): dropped.
    pool.giveBack(c);
    expect(pool.freeBytes).toBe(16 * MiB);
    now = 1_001;
    const d = pool.take(8 * MiB);
    expect(d.buffer === a.buffer || d.buffer === b.buffer).toBe(false);
    expect(pool.freeBytes).toBe(0);
  });

  it('never lends an array that is lent already, whatever the order of takes and gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(0)), { maxLength: 40 }),
        (steps) => {
          const pool = new EncodeBufferPool(3, 24 * MiB, 10_000, () => 0);
          const lent: Buffer[] = [];
          for (const step of steps) {
            if (step === 0) {
              const array = lent.shift();
              if (array !== undefined) pool.giveBack(array);
              continue;
            }
            const array = pool.take(step * MiB);
            expect(array.length).toBeGreaterThanOrEqual(step * MiB);
            expect(lent.some((other) => other.buffer === array.buffer)).toBe(false);
            lent.push(array);
          }
          expect(pool.freeBytes).toBeLessThanOrEqual(24 * MiB);
        },
      ),
      { numRuns: 60 },
    );
  });
});
