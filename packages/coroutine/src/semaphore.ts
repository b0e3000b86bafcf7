import { call } from './call.js';
import { CoroutineError } from './coroutine-error.js';
import type { Instruction, Operation, OperationFactory } from './operation.js';
import { DONE_ITERATOR, type Suspension } from './suspension.js';
import { Waiter, WaitQueue } from './wait-queue.js';

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new CoroutineError(
      'invalid-argument',
      `permit count must be a positive integer, got ${n}`,
    );
  }
}

class AcquireOperation implements Operation<void> {
  constructor(
    private readonly semaphore: Semaphore,
    private readonly permits: number,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    if (this.semaphore.tryAcquire(this.permits)) return DONE_ITERATOR;
    return new AcquireWaiter(this.semaphore, this.permits);
  }
}

class AcquireWaiter extends Waiter<void> {
  constructor(
    private readonly semaphore: Semaphore,
    readonly permits: number,
  ) {
    super();
  }

  park(): void {
    this.semaphore.waiters.push(this);
  }

  cancel(resumed: boolean): void {
    if (resumed) this.semaphore.release(this.permits);
    else if (this.semaphore.waiters.remove(this)) this.semaphore.serve();
  }

  protected copy(): Suspension<void> {
    return new AcquireWaiter(this.semaphore, this.permits);
  }
}

/**
 * A counting semaphore with FIFO fairness: waiters are served strictly in arrival order (a large
 * request at the head is not overtaken by smaller ones). Cancellation-safe: a waiter halted after
 * its permits were handed over releases them again.
 */
export class Semaphore {
  /** @internal */
  readonly waiters = new WaitQueue<AcquireWaiter>();
  private permits: number;
  private readonly acquireOne = new AcquireOperation(this, 1);

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 0) {
      throw new CoroutineError(
        'invalid-argument',
        `semaphore permits must be a non-negative integer, got ${permits}`,
      );
    }
    this.permits = permits;
  }

  /** Permits available now. */
  get available(): number {
    return this.permits;
  }

  /** Number of coroutines waiting. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Takes `n` permits, waiting in FIFO order until they are available. */
  acquire(n = 1): Operation<void> {
    if (n === 1) return this.acquireOne;
    checkCount(n);
    return new AcquireOperation(this, n);
  }

  /** Takes `n` permits if available now and nobody waits before us. */
  tryAcquire(n = 1): boolean {
    checkCount(n);
    if (this.waiters.size > 0 || this.permits < n) return false;
    this.permits -= n;
    return true;
  }

  /** Returns `n` permits and hands them to waiters in order. */
  release(n = 1): void {
    checkCount(n);
    this.permits += n;
    this.serve();
  }

  /** Runs `op` holding `n` permits and releases them afterwards, also on failure or halt. */
  withPermit<R>(op: OperationFactory<R>, n = 1): Operation<R> {
    const semaphore = this;
    return {
      *[Symbol.iterator]() {
        yield* semaphore.acquire(n);
        try {
          return yield* call(op);
        } finally {
          semaphore.release(n);
        }
      },
    };
  }

  /** @internal Hands permits to the head waiters while they fit. */
  serve(): void {
    for (let head = this.waiters.first(); head !== null; head = this.waiters.first()) {
      if (head.permits > this.permits) return;
      this.permits -= head.permits;
      this.waiters.shift();
      head.resume();
    }
  }
}
