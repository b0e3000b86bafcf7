import type { Operation } from './operation.js';

/**
 * Where a task is in its life:
 * - `ready`: queued to run (just started, or resumed and waiting for its turn);
 * - `running`: its generator is executing right now;
 * - `suspended`: parked at a suspension point (or waiting for its children to finish);
 * - `done`: returned a value;
 * - `failed`: threw (or a child failed and it did not catch the error);
 * - `halted`: was halted and has finished unwinding.
 */
export type TaskState = 'ready' | 'running' | 'suspended' | 'done' | 'failed' | 'halted';

/**
 * The result of `task.halt()`. The halt starts at once (fire-and-forget works); `yield*` it inside
 * a coroutine, or `await` it from plain code, to wait until the task has finished unwinding
 * (every `finally` ran, children first). It throws/rejects only if a `finally` block failed.
 */
export interface Halting extends Operation<void>, PromiseLike<void> {}

/**
 * A running coroutine. `yield* task` joins it (returns its value, or rethrows its error; a halted
 * task throws a `CoroutineError` with code `halted`); `await task` does the same from plain code.
 */
export interface Task<T> extends Operation<T>, PromiseLike<T> {
  /** Current lifecycle state. */
  readonly state: TaskState;
  /** A promise of the task's result (created on first use). */
  readonly promise: Promise<T>;
  /**
   * Halts the task and, before it, its children (innermost first), running every `finally`
   * including ones that yield. Idempotent; a finished task is left as it is.
   */
  halt(): Halting;
}
