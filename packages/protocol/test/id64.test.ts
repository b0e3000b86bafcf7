import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id64, IdError } from '../src/index.js';
import { SimClock } from './sim-clock.js';

const DAY_MS = 24 * 3600 * 1000;

describe('Id64', () => {
  it('never repeats an id within 24 hours over simulated time, jumps back included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            jumpMs: fc.integer({ min: -60_000, max: 4 * 3600 * 1000 }),
            burst: fc.integer({ min: 1, max: 200 }),
          }),
          { maxLength: 30 },
        ),
        (steps) => {
          const clock = new SimClock(1_700_000_000_000);
          const generator = new Id64({ clock, instance: 7 });
          const lastSeen = new Map<bigint, number>();
          let forward = 0;
          for (const s of steps) {
            clock.time += s.jumpMs;
            forward += Math.max(0, s.jumpMs);
            for (let i = 0; i < s.burst; i++) {
              const id = generator.next().toBigInt();
              const before = lastSeen.get(id);
              if (before !== undefined) expect(forward - before).toBeGreaterThanOrEqual(DAY_MS);
              lastSeen.set(id, forward);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('places the instance between time and sequence', () => {
    const clock = new SimClock(1_700_000_000_000);
    const generator = new Id64({ clock, instance: 0x5abc, maxLeadMs: 0 });
    clock.time += 10;
    const id = generator.next().toBigInt();
    expect(Number((id >> 22n) & 0x7fffn)).toBe(0x5abc);
    expect(Number(id & 0x3fffffn)).toBe(0);
    expect(Number(id >> 37n)).toBe(Math.floor(clock.time) % 2 ** 27);
  });

  it('picks a random instance by default and validates a given one', () => {
    const generator = new Id64();
    expect(generator.instance).toBeGreaterThanOrEqual(0);
    expect(generator.instance).toBeLessThan(32768);
    expect(BigInt(generator.nextString())).toBeGreaterThan(0n);
    expect(generator.nextBigInt()).toBeGreaterThan(0n);
    expect(() => new Id64({ instance: 32768 })).toThrow(IdError);
  });
});
