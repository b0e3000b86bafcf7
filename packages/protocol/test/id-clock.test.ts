import { describe, expect, it } from 'vitest';
import { loopClock, systemClock } from '../src/index.js';

describe('id clocks', () => {
  it('loopClock keeps one reading for the current task and renews it after', async () => {
    const first = loopClock.now();
    const start = Date.now();
    while (Date.now() < start + 3) {
      // let real time pass within this task
    }
    expect(loopClock.now()).toBe(first);
    const precise = loopClock.preciseNow();
    expect(precise).toBeGreaterThan(first);
    expect(loopClock.now()).toBe(precise);
    await new Promise((resolve) => setTimeout(resolve, 3));
    expect(loopClock.now()).toBeGreaterThan(precise);
  });

  it('systemClock reads Date.now every time', () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    expect(systemClock.preciseNow()).toBeGreaterThanOrEqual(before);
  });
});
