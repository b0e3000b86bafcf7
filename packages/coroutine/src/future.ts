import type { Instruction, Operation } from './operation.js';
import { Ready, type Suspension } from './suspension.js';
import { Waiter, WaitQueue } from './wait-queue.js';

const PENDING = 0;
const RESOLVED = 1;
const REJECTED = 2;

class FutureWaiter<T> extends Waiter<T> {
  constructor(private readonly future: Future<T>) {
    super();
  }

  park(): void {
    this.future.waiters.push(this as FutureWaiter<unknown>);
  }

  cancel(resumed: boolean): void {
    if (!resumed) this.future.waiters.remove(this as FutureWaiter<unknown>);
  }

  protected copy(): Suspension<T> {
    return new FutureWaiter(this.future);
  }
}

/**
 * A one-shot value (a deferred): settled once by `resolve` or `reject` from anywhere (plain code
 * or a coroutine); `yield* future` waits for it inside a coroutine, `await future` outside.
 */
export class Future<T> implements Operation<T>, PromiseLike<T> {
  /** @internal */
  readonly waiters = new WaitQueue<FutureWaiter<unknown>>();
  /** @internal */
  outcome = PENDING;
  /** @internal */
  result: unknown = undefined;
  private deferred: Promise<T> | undefined = undefined;
  private settlePromise: ((future: Future<T>) => void) | undefined = undefined;

  /** True once resolved or rejected. */
  get settled(): boolean {
    return this.outcome !== PENDING;
  }

  /** Settles with a value; false if it was already settled. */
  resolve(value: T): boolean {
    return this.settle(RESOLVED, value);
  }

  /** Settles with an error; false if it was already settled. */
  reject(error: unknown): boolean {
    return this.settle(REJECTED, error);
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    if (this.outcome === PENDING) return new FutureWaiter(this);
    if (this.outcome === REJECTED) throw this.result;
    return new Ready(this.result as T);
  }

  /** A promise of the outcome (created on first use). */
  get promise(): Promise<T> {
    if (this.deferred === undefined) {
      this.deferred = new Promise<T>((resolve, reject) => {
        this.settlePromise = (future) => {
          if (future.outcome === RESOLVED) resolve(future.result as T);
          else reject(future.result);
        };
      });
      if (this.outcome !== PENDING) this.settlePromise?.(this);
    }
    return this.deferred;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Future is deliberately awaitable.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.promise.then(onfulfilled, onrejected);
  }

  private settle(outcome: number, result: unknown): boolean {
    if (this.outcome !== PENDING) return false;
    this.outcome = outcome;
    this.result = result;
    for (let w = this.waiters.shift(); w !== null; w = this.waiters.shift()) {
      if (outcome === RESOLVED) w.resume(result);
      else w.fail(result);
    }
    this.settlePromise?.(this);
    return true;
  }
}
