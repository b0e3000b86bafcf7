/**
 * What a coroutine yields to its scheduler. Only this package creates instructions; user code
 * never yields one directly but writes `yield* operation`.
 */
export interface Instruction {
  /** @internal instruction kind, see `SUSPEND` and `CALL`. */
  readonly kind: number;
}

/** @internal park the coroutine until its resumer is called. */
export const SUSPEND = 1;
/** @internal run the operation in `op` as a new frame on the coroutine's explicit frame stack. */
export const CALL = 2;
/** @internal go to the back of the run queue (see `yieldNow`). */
export const YIELD = 3;

/**
 * A unit of work run by a coroutine: an iterable whose iterator yields instructions to the
 * scheduler and returns `T`. `const x = yield* op` inside a generator gives `x: T`, and every
 * generator function declared `function* (): Operation<T> { ... }` is an operation.
 */
export interface Operation<T> {
  [Symbol.iterator](): Iterator<Instruction, T, unknown>;
}

/** An operation, or a function that creates one when the coroutine starts it. */
export type OperationFactory<T> = Operation<T> | (() => Operation<T>);

/**
 * The one-shot handle a parked coroutine hands out (see `suspend`). Safe to call from any plain
 * callback or another coroutine. Only the first call counts; calls after the coroutine was halted,
 * or after a first `resume`/`fail`, are ignored.
 */
export interface Resumer<T> {
  /** Continues the coroutine with `value` as the result of its `yield* suspend(...)`. */
  resume(value: T): void;
  /** Continues the coroutine by throwing `error` at its `yield* suspend(...)`. */
  fail(error: unknown): void;
}

/** Turns an {@link OperationFactory} into the iterator a coroutine frame runs. */
export function iterate<T>(op: OperationFactory<T>): Iterator<Instruction, T, unknown> {
  return (typeof op === 'function' ? op() : op)[Symbol.iterator]();
}
