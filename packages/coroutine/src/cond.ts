import { CoroutineError } from './coroutine-error.js';
import type { Mutex } from './mutex.js';
import type { Operation } from './operation.js';
import type { Suspension } from './suspension.js';
import { Waiter, WaitQueue } from './wait-queue.js';

class SignalWaiter extends Waiter<void> {
  constructor(private readonly cond: Cond) {
    super();
  }

  park(): void {
    this.cond.waiters.push(this);
  }

  cancel(resumed: boolean): void {
    // A signal handed to a waiter that was halted before it ran goes to the next waiter.
    if (resumed) this.cond.signal();
    else this.cond.waiters.remove(this);
  }

  protected copy(): Suspension<void> {
    return new SignalWaiter(this.cond);
  }
}

/**
 * A condition variable: coroutines wait for a signal. With a {@link Mutex}, `wait` must be called
 * holding it; it releases the mutex while waiting and takes it back before returning (also when
 * halted, so the caller's `finally { mutex.unlock() }` stays right). Wake-ups are FIFO and are
 * never lost to a halted waiter.
 */
export class Cond {
  /** @internal */
  readonly waiters = new WaitQueue<SignalWaiter>();

  constructor(private readonly mutex?: Mutex) {}

  /** Number of coroutines waiting. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Waits for `signal` or `broadcast` (releasing and retaking the mutex, if any). */
  wait(): Operation<void> {
    const mutex = this.mutex;
    if (mutex === undefined) return new SignalWaiter(this);
    const cond = this;
    return {
      *[Symbol.iterator]() {
        if (!mutex.locked) {
          throw new CoroutineError('invalid-argument', 'Cond.wait needs its mutex to be held');
        }
        mutex.unlock();
        try {
          yield* new SignalWaiter(cond);
        } finally {
          yield* mutex.lock();
        }
      },
    };
  }

  /** Wakes the oldest waiter, if any. */
  signal(): void {
    this.waiters.shift()?.resume();
  }

  /** Wakes every waiter. */
  broadcast(): void {
    for (let w = this.waiters.shift(); w !== null; w = this.waiters.shift()) w.resume();
  }
}
