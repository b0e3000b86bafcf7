import type { Instruction, Operation } from './operation.js';

/**
 * An operation that completes without suspending: its iterator computes the value on the first
 * `next()` and is done. Used for operations that only need to run inside the current coroutine
 * (spawn, reading context), so they cost a function call, not a trip through the scheduler.
 */
export abstract class Immediate<T> implements Operation<T>, Iterator<Instruction, T, unknown> {
  private iterated = false;

  /** Computes the result, inside the coroutine that runs the operation. */
  protected abstract compute(): T;

  /** A fresh copy, used when the same operation object is run a second time. */
  protected abstract copy(): Immediate<T>;

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    if (this.iterated) return this.copy();
    this.iterated = true;
    return this;
  }

  next(): IteratorResult<Instruction, T> {
    return { done: true, value: this.compute() };
  }
}

class ThunkOperation<T> extends Immediate<T> {
  constructor(private readonly thunk: () => T) {
    super();
  }

  protected compute(): T {
    return this.thunk();
  }

  protected copy(): Immediate<T> {
    return new ThunkOperation(this.thunk);
  }
}

/** An operation that calls `thunk` synchronously when run, inside the running coroutine. */
export function immediate<T>(thunk: () => T): Operation<T> {
  return new ThunkOperation(thunk);
}
