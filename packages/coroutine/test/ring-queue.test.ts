import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingQueue } from '../src/ring-queue.js';

describe('RingQueue', () => {
  it('behaves like an array used as a FIFO under random pushes and shifts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 500 }),
        (ops) => {
          const queue = new RingQueue<number>(2);
          const model: number[] = [];
          for (const op of ops) {
            if (op === null) expect(queue.shift()).toBe(model.shift());
            else {
              queue.push(op);
              model.push(op);
            }
            expect(queue.length).toBe(model.length);
          }
        },
      ),
    );
  });
});
