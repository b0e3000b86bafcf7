import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id32 } from '../src/index.js';
import { SimClock } from './sim-clock.js';

const WINDOW_MS = 10 * 60 * 1000;

describe('Id32', () => {
  it('never repeats an id within 10 minutes over simulated time with bursts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            jumpMs: fc.oneof(fc.integer({ min: 0, max: 90_000 }), fc.integer({ min: 0, max: 2 })),
            burst: fc.integer({ min: 1, max: 1500 }),
          }),
          { maxLength: 30 },
        ),
        (steps) => {
          const clock = new SimClock(1_700_000_000_000, 0.01);
          const generator = new Id32({ clock });
          const lastSeen = new Map<number, number>();
          for (const s of steps) {
            clock.time += s.jumpMs;
            for (let i = 0; i < s.burst; i++) {
              const id = generator.next();
              const before = lastSeen.get(id);
              if (id >>> 0 !== id || (before !== undefined && clock.time - before < WINDOW_MS)) {
                expect.fail(`id ${id} repeated after ${clock.time - (before ?? 0)} ms`);
              }
              lastSeen.set(id, clock.time);
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('sustains more than 4096 ids in one millisecond by borrowing the next', () => {
    const clock = new SimClock(1_700_000_000_000, 0.001);
    const generator = new Id32({ clock, maxLeadMs: 100 });
    const ids = new Set<number>();
    for (let i = 0; i < 4096 * 50; i++) ids.add(generator.next());
    expect(ids.size).toBe(4096 * 50);
  });
});
