import { type Instruction, type Operation, YIELD } from './operation.js';

const yieldInstruction: Instruction = Object.freeze({ kind: YIELD });
const yieldResult: IteratorResult<Instruction, void> = Object.freeze({
  done: false,
  value: yieldInstruction,
});
const doneResult: IteratorResult<Instruction, void> = Object.freeze({
  done: true,
  value: undefined,
});

/**
 * The one, stateless iterator behind every `yieldNow()`: no allocation per switch. It needs no
 * per-use state because the scheduler raises `resuming` right before it resumes a coroutine that
 * yielded it, and the first thing a resumed `yield*` chain does is call this iterator's `next`.
 */
class YieldIterator implements Operation<void>, Iterator<Instruction, void, unknown> {
  /** Set by the scheduler: the next `next()` resumes a yield instead of starting one. */
  resuming = false;

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this;
  }

  next(): IteratorResult<Instruction, void> {
    if (this.resuming) {
      this.resuming = false;
      return doneResult;
    }
    return yieldResult;
  }

  throw(error: unknown): IteratorResult<Instruction, void> {
    throw error;
  }
}

/** @internal */
export const yieldIterator = new YieldIterator();

/** Goes to the back of the run queue, letting every other ready coroutine run first. */
export function yieldNow(): Operation<void> {
  return yieldIterator;
}
