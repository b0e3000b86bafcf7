import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamCredit } from '../src/flow/stream-credit.js';

describe('StreamCredit', () => {
  it('takes credit at once while nothing waits, then makes later messages wait in order', async () => {
    const credit = new StreamCredit(100);
    expect(credit.tryTake(60)).toBe(true);
    expect(credit.tryTake(60)).toBe(false);
    const order: number[] = [];
    const first = credit.take(60).then(() => order.push(1));
    // A small message does not overtake the one that waits.
    expect(credit.tryTake(10)).toBe(false);
    const second = credit.take(10).then(() => order.push(2));
    credit.grant(30);
    await Promise.all([first, second]);
    expect(order).toEqual([1, 2]);
    expect(credit.waiting).toBe(0);
  });

  it('wakes nobody until it is open, and fails the waiters when the stream ends', async () => {
    const credit = new StreamCredit(1000, false);
    expect(credit.tryTake(1)).toBe(false);
    let woken = false;
    const waiting = credit.take(1).then(() => {
      woken = true;
    });
    await Promise.resolve();
    expect(woken).toBe(false);
    credit.open();
    await waiting;
    expect(woken).toBe(true);
    const failing = credit.take(5000);
    credit.fail(new Error('ended'));
    await expect(failing).rejects.toThrow('ended');
  });

  it('never gives out more than was granted (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ take: fc.integer({ min: 0, max: 50 }) }),
            fc.record({ grant: fc.integer({ min: 1, max: 60 }) }),
          ),
          { maxLength: 40 },
        ),
        async (steps) => {
          const credit = new StreamCredit(50);
          let granted = 50;
          let taken = 0;
          const pending: Promise<void>[] = [];
          for (const step of steps) {
            if ('grant' in step) {
              granted += step.grant;
              credit.grant(step.grant);
            } else if (credit.tryTake(step.take)) {
              taken += step.take;
            } else {
              pending.push(
                credit.take(step.take).then(() => {
                  taken += step.take;
                }),
              );
            }
            await Promise.resolve();
            expect(taken).toBeLessThanOrEqual(granted);
          }
          credit.fail(new Error('end'));
          await Promise.allSettled(pending);
          expect(taken).toBeLessThanOrEqual(granted);
        },
      ),
    );
  });
});
