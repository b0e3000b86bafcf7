import type { Coroutine } from './coroutine.js';
import { type Instruction, type Operation, type Resumer, SUSPEND } from './operation.js';

/** Not iterated yet (the operation object has not been run). */
export const FRESH = -1;
/** Iterated, not yet handed to the scheduler. */
export const IDLE = 0;
/** Parked: waiting for `resume` or `fail`. */
export const PARKED = 1;
/** Resumed or failed, but the coroutine has not run on yet. */
export const RESUMED = 2;
/** Consumed by the coroutine, or cancelled by a halt. */
export const SETTLED = 3;

/** The iterator result of an operation that completed at once with no value (shared, frozen). */
export const DONE_VOID: IteratorResult<Instruction, void> = Object.freeze({
  done: true,
  value: undefined,
});

const resumeNext = 1;
const resumeThrow = 2;

/**
 * One suspension point, allocation-light: the object is at once the operation a coroutine
 * `yield*`s, its iterator, the instruction it yields, and the one-shot resumer. Subclasses say
 * what parking means (`park`) and how to undo it when the coroutine is halted before it ran on
 * (`cancel`), which includes the case where a resumption was already delivered but not yet
 * consumed: a primitive must then take back what it handed over (a channel value, a lock).
 */
export abstract class Suspension<T>
  implements Instruction, Operation<T>, Iterator<Instruction, T, unknown>, Resumer<T>
{
  // On the prototype (see below): one field less to initialise per suspension.
  declare readonly kind: number;
  /** The parked coroutine, set by the scheduler when it parks. */
  co: Coroutine<unknown> | null = null;
  /** FRESH, IDLE, PARKED, RESUMED or SETTLED. */
  status = FRESH;
  // The suspension is also its own iterator result, first `{ done: false, value: this }` (the
  // instruction), then `{ done: true, value: resumed value }`: no result objects to allocate.
  // Consumers (`yield*`, the scheduler) read a result before the next call, so reuse is safe.
  /** Iterator-result view: false until resumed. */
  done = false;
  /** Iterator-result view: this instruction, then the resumed value. */
  value: unknown = this;

  /** Registers the parked coroutine's resumer; may resume synchronously. */
  abstract park(): void;

  /**
   * Undoes `park`; runs when a halt interrupts this suspension before the coroutine ran on.
   * `resumed` says whether a resumption had already been issued (and is now not delivered).
   */
  abstract cancel(resumed: boolean): void;

  /** A fresh copy, used when the same operation object is run a second time. */
  protected abstract copy(): Suspension<T>;

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    if (this.status !== FRESH) return this.copy();
    this.status = IDLE;
    return this;
  }

  next(value?: unknown): IteratorResult<Instruction, T> {
    if (this.status > IDLE) {
      this.done = true;
      this.value = value;
    }
    return this as unknown as IteratorResult<Instruction, T>;
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    throw error;
  }

  return(value?: unknown): IteratorResult<Instruction, T> {
    this.status = SETTLED;
    return { done: true, value: value as T };
  }

  resume(value: T): void {
    if (this.status !== PARKED) return;
    this.status = RESUMED;
    (this.co as Coroutine<unknown>).wake(resumeNext, value);
  }

  fail(error: unknown): void {
    if (this.status !== PARKED) return;
    this.status = RESUMED;
    (this.co as Coroutine<unknown>).wake(resumeThrow, error);
  }
}

Object.defineProperty(Suspension.prototype, 'kind', { value: SUSPEND });

/** An iterator that is done at once with no value: what fast paths hand to `yield*`. */
export const DONE_ITERATOR: Iterator<Instruction, void, unknown> = Object.freeze({
  next: () => DONE_VOID,
});

/** An iterator that is its own final result: one allocation for a value available at once. */
export class Ready<R> implements Iterator<Instruction, R, unknown>, IteratorReturnResult<R> {
  readonly done = true;

  constructor(readonly value: R) {}

  next(): IteratorResult<Instruction, R> {
    return this;
  }
}

/** The suspension behind the public `suspend(park)`. */
class CallbackSuspension<T> extends Suspension<T> {
  private cleanup: (() => void) | undefined = undefined;

  // biome-ignore lint/suspicious/noConfusingVoidType: park functions may simply return nothing.
  constructor(private readonly onPark: (resumer: Resumer<T>) => (() => void) | undefined | void) {
    super();
  }

  park(): void {
    const cleanup = this.onPark(this);
    if (typeof cleanup === 'function') this.cleanup = cleanup;
  }

  cancel(): void {
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    if (cleanup !== undefined) cleanup();
  }

  protected copy(): Suspension<T> {
    return new CallbackSuspension(this.onPark);
  }
}

/**
 * Parks the current coroutine. `park` receives the one-shot {@link Resumer}; it may call it
 * synchronously (the coroutine then continues without a trip through the run queue) or hand it to
 * a callback, a timer or another coroutine. The cleanup `park` may return runs if the coroutine is
 * halted before it continues — also when a resumption was already issued but the coroutine had not
 * run on yet, so a value handed over through the resumer counts as not delivered.
 *
 * @example
 * const n = yield* suspend<number>((resumer) => {
 *   const t = setTimeout(() => resumer.resume(42), 10);
 *   return () => clearTimeout(t);
 * });
 */
export function suspend<T = void>(
  // biome-ignore lint/suspicious/noConfusingVoidType: park functions may simply return nothing.
  park: (resumer: Resumer<T>) => (() => void) | undefined | void,
): Operation<T> {
  return new CallbackSuspension(park);
}
