import { afterEach, describe, expect, it, vi } from 'vitest';
import { monotonicClock } from '../src/clock.js';
import { TimerQueue } from '../src/timer-queue.js';
import { delay } from './support/loopback.js';

describe('monotonicClock', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never goes backwards', () => {
    let previous = monotonicClock.now();
    let backwards = 0;
    for (let index = 0; index < 100_000; index++) {
      const now = monotonicClock.now();
      if (now < previous) backwards++;
      previous = now;
    }
    expect(backwards).toBe(0);
  });

  it('goes off at or after the time it was set for, once, and not after clear()', async () => {
    const wakes: number[] = [];
    const alarm = monotonicClock.createAlarm(() => wakes.push(monotonicClock.now()));
    const at = monotonicClock.now() + 10;
    alarm.set(at);
    const cleared = monotonicClock.createAlarm(() => wakes.push(-1));
    cleared.set(monotonicClock.now() + 5);
    cleared.clear();
    await delay(40);
    expect(wakes).toHaveLength(1);
    // Node timers have millisecond granularity: an early wake is at most that much early, and
    // the TimerQueue re-arms for the rest.
    expect(wakes[0]).toBeGreaterThanOrEqual(at - 1);
  });

  it('keeps timers on time when the wall clock jumps', async () => {
    const queue = new TimerQueue();
    const fired: string[] = [];
    const started = monotonicClock.now();
    queue.add(30, () => fired.push('30ms'));
    queue.add(60_000, () => fired.push('1min'));
    // Someone sets the date a day ahead, then a day back: neither matters to the queue.
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 86_400_000);
    await delay(5);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 86_400_000);
    await delay(45);
    expect(fired).toEqual(['30ms']);
    expect(monotonicClock.now() - started).toBeGreaterThanOrEqual(30);
    queue.clear();
  });
});
