import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/manual-clock.js';
import { PollerError } from '../src/poller-error.js';
import { TimerQueue } from '../src/timer-queue.js';

describe('ManualClock', () => {
  it('moves only when advanced', () => {
    const clock = new ManualClock(5);
    expect(clock.now()).toBe(5);
    clock.advance(2.5);
    expect(clock.now()).toBe(7.5);
    clock.advance(0);
    expect(clock.now()).toBe(7.5);
  });

  it('interleaves the timers of several queues in time order', () => {
    const clock = new ManualClock();
    const first = new TimerQueue({ clock });
    const second = new TimerQueue({ clock });
    const log: string[] = [];
    first.add(3, () => log.push(`a@${clock.now()}`));
    second.add(1, () => log.push(`b@${clock.now()}`));
    first.add(2, () => log.push(`c@${clock.now()}`));
    second.add(4, () => log.push(`d@${clock.now()}`));
    expect(clock.nextAlarm()).toBe(1);
    clock.advance(10);
    expect(log).toEqual(['b@1', 'c@2', 'a@3', 'd@4']);
    expect(clock.now()).toBe(10);
    expect(clock.nextAlarm()).toBe(Number.POSITIVE_INFINITY);
  });

  it('tick() jumps to the next alarm only', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    const log: number[] = [];
    queue.add(4, () => log.push(4));
    queue.add(9, () => log.push(9));
    expect(clock.tick()).toBe(true);
    expect(clock.now()).toBe(4);
    expect(log).toEqual([4]);
    expect(clock.tick()).toBe(true);
    expect(log).toEqual([4, 9]);
    expect(clock.tick()).toBe(false);
  });

  it('rejects a negative or non-finite advance', () => {
    const clock = new ManualClock();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => clock.advance(bad)).toThrow(PollerError);
    }
    expect(clock.now()).toBe(0);
  });

  it('reports a callback that re-arms at the same instant forever instead of hanging', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    const forever = (): void => {
      queue.add(0, forever);
    };
    queue.add(0, forever);
    expect(() => clock.advance(1)).toThrow(/keeps re-arming/);
    queue.clear();
  });
});
