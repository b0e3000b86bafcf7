import { CoroutineError } from './coroutine-error.js';
import type { Instruction, Operation } from './operation.js';
import { DONE_ITERATOR, type Suspension } from './suspension.js';
import { Waiter, WaitQueue } from './wait-queue.js';

class WaitOperation implements Operation<void> {
  constructor(private readonly group: WaitGroup) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this.group.count === 0 ? DONE_ITERATOR : new GroupWaiter(this.group);
  }
}

class GroupWaiter extends Waiter<void> {
  constructor(private readonly group: WaitGroup) {
    super();
  }

  park(): void {
    this.group.waiters.push(this);
  }

  cancel(resumed: boolean): void {
    if (!resumed) this.group.waiters.remove(this);
  }

  protected copy(): Suspension<void> {
    return new GroupWaiter(this.group);
  }
}

/** Waits for a counter to reach zero, like Go's sync.WaitGroup. */
export class WaitGroup {
  /** @internal */
  readonly waiters = new WaitQueue<GroupWaiter>();
  private counter = 0;
  private readonly waitOperation = new WaitOperation(this);

  /** The current count. */
  get count(): number {
    return this.counter;
  }

  /** Adds `delta` (may be negative); at zero every waiter wakes. Below zero throws `invalid-argument`. */
  add(delta = 1): void {
    if (!Number.isInteger(delta)) {
      throw new CoroutineError(
        'invalid-argument',
        `WaitGroup delta must be an integer, got ${delta}`,
      );
    }
    const next = this.counter + delta;
    if (next < 0) {
      throw new CoroutineError('invalid-argument', 'WaitGroup counter would go below zero');
    }
    this.counter = next;
    if (next === 0) {
      for (let w = this.waiters.shift(); w !== null; w = this.waiters.shift()) w.resume();
    }
  }

  /** Subtracts one. */
  done(): void {
    this.add(-1);
  }

  /** Waits until the count is zero (returns at once if it is). */
  wait(): Operation<void> {
    return this.waitOperation;
  }
}
