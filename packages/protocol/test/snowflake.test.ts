import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdError, Snowflake, type Uint64 } from '../src/index.js';
import { SimClock } from './sim-clock.js';

const EPOCH = Date.UTC(2020, 0, 1);

describe('Snowflake', () => {
  it('makes unique, increasing ids over simulated clocks with jumps back, bursts and restarts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            jumpMs: fc.integer({ min: -3000, max: 3000 }),
            burst: fc.integer({ min: 1, max: 100 }),
            restart: fc.boolean(),
          }),
          { maxLength: 25 },
        ),
        fc.integer({ min: 1, max: 4 }),
        (steps, sequenceBits) => {
          const clock = new SimClock(Date.UTC(2026, 0, 1));
          const options = { clock, nodeId: 3, nodeBits: 4, sequenceBits, maxLeadMs: 5 };
          let generator = new Snowflake(options);
          const seen = new Set<string>();
          let previous: Uint64 | undefined;
          let clockSteppedBack = false;
          for (const s of steps) {
            // A restart is only promised to be safe while the clock has not stepped back.
            if (s.restart && !clockSteppedBack) {
              generator = new Snowflake(options);
              previous = undefined;
            }
            clock.time += s.jumpMs;
            if (s.jumpMs < 0) clockSteppedBack = true;
            for (let i = 0; i < s.burst; i++) {
              const id = generator.next();
              const text = id.toString();
              if (seen.has(text)) expect.fail(`id ${text} repeated`);
              if (previous !== undefined && id.compare(previous) <= 0) {
                expect.fail(`id ${text} not above ${previous.toString()}`);
              }
              seen.add(text);
              previous = id;
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lays out timestamp | node | sequence and decomposes any form of its ids', () => {
    const clock = new SimClock(EPOCH + 123_456_789);
    const generator = new Snowflake({ clock, nodeId: 5, epoch: EPOCH, maxLeadMs: 0 });
    clock.time += 10; // past the start-up lead: the id takes the clock's millisecond
    const id = generator.next();
    const tick = Math.floor(clock.time - EPOCH);
    expect(id.toBigInt()).toBe((BigInt(tick) << 22n) | (5n << 12n));
    for (const form of [id, id.toBigInt(), id.toString()]) {
      expect(generator.decompose(form)).toEqual({
        timestamp: EPOCH + tick,
        nodeId: 5,
        sequence: 0,
      });
    }
  });

  it('supports 32 low bits (node + sequence) and keeps the sign bit clear', () => {
    const clock = new SimClock(Date.now());
    const generator = new Snowflake({
      clock,
      nodeBits: 10,
      sequenceBits: 22,
      nodeId: 1023,
      epoch: Date.now() - 1000,
    });
    const id = generator.next();
    expect(id.hi).toBeLessThan(2 ** 31);
    expect(generator.decompose(id).nodeId).toBe(1023);
  });

  it('takes its epoch as a number or a Date', () => {
    expect(new Snowflake({ epoch: new Date(EPOCH) }).epoch).toBe(EPOCH);
    expect(new Snowflake({ epoch: EPOCH + 5 }).epoch).toBe(EPOCH + 5);
  });

  it('produces a bigint and a decimal string of the same value', () => {
    const generator = new Snowflake();
    const a = generator.nextBigInt();
    const b = BigInt(generator.nextString());
    expect(b).toBeGreaterThan(a);
  });

  it('rejects bad options with IdError invalid-option', () => {
    for (const options of [
      { nodeId: 1024 },
      { nodeBits: 21 },
      { nodeBits: 20, sequenceBits: 13 },
      { sequenceBits: 0 },
      { epoch: Date.now() + 60_000 },
      { maxLeadMs: -1 },
      { clock: { now: () => 1 } },
    ]) {
      expect(() => new Snowflake(options as never)).toThrow(IdError);
    }
  });

  it('fails with timestamp-overflow past its timestamp bits', () => {
    const clock = new SimClock(EPOCH + 2 ** 31 + 10);
    const generator = new Snowflake({ clock, epoch: EPOCH, nodeBits: 20, sequenceBits: 12 });
    expect(() => generator.next()).toThrow(expect.objectContaining({ code: 'timestamp-overflow' }));
  });
});
