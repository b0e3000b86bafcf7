import { call } from './call.js';
import { CoroutineError } from './coroutine-error.js';
import type { Instruction, Operation, OperationFactory } from './operation.js';
import { DONE_ITERATOR, type Suspension } from './suspension.js';
import { Waiter, WaitQueue } from './wait-queue.js';

class LockOperation implements Operation<void> {
  constructor(private readonly mutex: Mutex) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this.mutex.tryLock() ? DONE_ITERATOR : new LockWaiter(this.mutex);
  }
}

class LockWaiter extends Waiter<void> {
  constructor(private readonly mutex: Mutex) {
    super();
  }

  park(): void {
    this.mutex.waiters.push(this);
  }

  cancel(resumed: boolean): void {
    // Resumed means the lock was handed to us: pass it on instead of keeping it.
    if (resumed) this.mutex.unlock();
    else this.mutex.waiters.remove(this);
  }

  protected copy(): Suspension<void> {
    return new LockWaiter(this.mutex);
  }
}

/**
 * A FIFO mutual-exclusion lock for coroutines. `unlock` hands the lock straight to the oldest
 * waiter. Cancellation-safe: a waiter halted after the lock was handed to it passes it on.
 */
export class Mutex {
  /** @internal */
  readonly waiters = new WaitQueue<LockWaiter>();
  private held = false;
  private readonly lockOperation = new LockOperation(this);

  /** True while some coroutine holds the lock. */
  get locked(): boolean {
    return this.held;
  }

  /** Takes the lock, waiting (in FIFO order) while it is held. */
  lock(): Operation<void> {
    return this.lockOperation;
  }

  /** Takes the lock if it is free now. */
  tryLock(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** Releases the lock. Throws `invalid-argument` if it is not locked. */
  unlock(): void {
    if (!this.held) {
      throw new CoroutineError('invalid-argument', 'unlock of a mutex that is not locked');
    }
    const next = this.waiters.shift();
    if (next === null) this.held = false;
    else next.resume();
  }

  /** Runs `op` holding the lock and releases it afterwards, also on failure or halt. */
  withLock<R>(op: OperationFactory<R>): Operation<R> {
    const mutex = this;
    return {
      *[Symbol.iterator]() {
        yield* mutex.lock();
        try {
          return yield* call(op);
        } finally {
          mutex.unlock();
        }
      },
    };
  }
}
