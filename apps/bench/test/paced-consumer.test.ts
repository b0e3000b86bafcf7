import { describe, expect, it } from 'vitest';
import { type PaceClock, pacedConsumer } from '../src/workload/paced-consumer.js';

/** A clock the test moves by hand; sleeps are recorded and return a resolved promise. */
function manualClock() {
  let now = 1000;
  const sleeps: number[] = [];
  const clock: PaceClock = {
    now: () => now,
    sleep: (milliseconds) => {
      sleeps.push(milliseconds);
      return Promise.resolve();
    },
  };
  return { clock, sleeps, advance: (milliseconds: number) => (now += milliseconds) };
}

describe('pacedConsumer', () => {
  it('holds each message until its turn at a pace of a millisecond or more', () => {
    const { clock, sleeps, advance } = manualClock();
    const taken: number[] = [];
    const consume = pacedConsumer(2000, (length) => taken.push(length), clock);
    expect(consume(16)).toBeInstanceOf(Promise);
    advance(2);
    consume(16);
    // The consumer ran 0.5 ms late: the next wait is shorter, so the average holds.
    advance(2.5);
    consume(16);
    expect(sleeps).toEqual([2, 2, 1.5]);
    expect(taken).toEqual([16, 16, 16]);
  });

  it('carries waits under a millisecond over instead of sleeping, keeping the average rate', () => {
    const { clock, sleeps } = manualClock();
    const consume = pacedConsumer(400, () => {}, clock);
    // Messages arrive all at once: the waits add up, and one sleep in a few covers them.
    const results = Array.from({ length: 5 }, () => consume(64));
    expect(results.map((result) => result === undefined)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(sleeps.map((wait) => Number(wait.toFixed(1)))).toEqual([1.2, 1.6, 2]);
  });

  it('takes messages at once while it is behind schedule', () => {
    const { clock, sleeps, advance } = manualClock();
    const consume = pacedConsumer(1000, () => {}, clock);
    consume(1);
    advance(10);
    // Nine messages are overdue; none waits until the schedule is ahead again.
    const waits = Array.from({ length: 9 }, () => consume(1));
    expect(waits.every((wait) => wait === undefined)).toBe(true);
    expect(consume(1)).toBeInstanceOf(Promise);
    expect(sleeps).toEqual([1, 1]);
  });
});
