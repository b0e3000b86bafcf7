import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeSequencer } from '../src/time-sequencer.js';
import { SimClock } from './sim-clock.js';

const step = fc.record({
  jumpMs: fc.oneof(
    fc.integer({ min: -5000, max: 5000 }),
    fc.constant(0),
    fc.integer({ min: 0, max: 3 }),
  ),
  burst: fc.integer({ min: 1, max: 100 }),
});

/** Runs the steps, returning every (tick, seq) issued as tick * 2^20 + seq (seq < 2^20 here). */
function drive(seq: TimeSequencer, clock: SimClock, steps: { jumpMs: number; burst: number }[]) {
  const issued: number[] = [];
  for (const s of steps) {
    clock.time += s.jumpMs;
    for (let i = 0; i < s.burst; i++) {
      seq.next();
      issued.push(seq.tick * 2 ** 20 + seq.seq);
    }
  }
  return issued;
}

describe('TimeSequencer', () => {
  it('issues strictly increasing pairs whatever the clock does (jumps back, stalls, bursts)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 20 }),
        (steps, seqBits, maxLead) => {
          // Epoch at the start keeps tick * 2^20 + seq exact in a double.
          const clock = new SimClock(1_700_000_000_000);
          const seq = new TimeSequencer(clock, 1_700_000_000_000, 2 ** seqBits - 1, maxLead);
          const issued = drive(seq, clock, steps);
          for (let i = 1; i < issued.length; i++) {
            if ((issued[i] as number) <= (issued[i - 1] as number)) {
              expect.fail(`pair #${i} (${issued[i]}) is not above the one before`);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never runs more than maxLead ahead of the clock while the clock does not step back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            jumpMs: fc.integer({ min: 0, max: 5 }),
            burst: fc.integer({ min: 1, max: 200 }),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 10 }),
        (steps, maxLead) => {
          const clock = new SimClock(1_700_000_000_000);
          const seq = new TimeSequencer(clock, 0, 3, maxLead);
          for (const s of steps) {
            clock.time += s.jumpMs;
            for (let i = 0; i < s.burst; i++) {
              seq.next();
              if (seq.tick > Math.floor(clock.time) + maxLead) {
                expect.fail(`tick ${seq.tick} is over ${maxLead} ms ahead of ${clock.time}`);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never repeats a pair of the instance before it across a restart in the same millisecond', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            jumpMs: fc.integer({ min: 0, max: 3 }),
            burst: fc.integer({ min: 1, max: 200 }),
          }),
          { maxLength: 20 },
        ),
        fc.array(step, { maxLength: 10 }),
        fc.integer({ min: 0, max: 10 }),
        (before, after, maxLead) => {
          const clock = new SimClock(1_700_000_000_000);
          const first = new TimeSequencer(clock, 1_700_000_000_000, 3, maxLead);
          const old = new Set(drive(first, clock, before));
          // The process dies and comes back at once: same clock, not a millisecond later.
          const second = new TimeSequencer(clock, 1_700_000_000_000, 3, maxLead);
          const clockSteps = after.map((s) => ({ ...s, jumpMs: Math.max(0, s.jumpMs) }));
          for (const pair of drive(second, clock, clockSteps)) {
            if (old.has(pair)) expect.fail(`pair ${pair} issued again after the restart`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes the clock when it moves ahead, with sequence 0', () => {
    const clock = new SimClock(1000, 0);
    const seq = new TimeSequencer(
      { now: () => clock.now(), preciseNow: () => (clock.time += 1) },
      0,
      7,
      5,
    );
    clock.time = 5000;
    seq.next();
    expect([seq.tick, seq.seq]).toEqual([5000, 0]);
    seq.next();
    expect([seq.tick, seq.seq]).toEqual([5000, 1]);
  });

  it('fails with clock-stalled instead of hanging on a clock that never advances', () => {
    const frozen = { now: () => 5000, preciseNow: () => 5000 };
    expect(() => new TimeSequencer(frozen, 0, 7, 5)).toThrow(
      expect.objectContaining({ code: 'clock-stalled' }),
    );
  });
});
