import { call } from './call.js';
import { CoroutineError } from './coroutine-error.js';
import { Future } from './future.js';
import type { Operation, OperationFactory } from './operation.js';
import { spawn } from './run.js';
import { scoped } from './scoped.js';

/** The value type of an operation or operation factory. */
export type OperationResult<O> =
  O extends Operation<infer R> ? R : O extends () => Operation<infer R> ? R : never;

/**
 * Runs the operations concurrently, each in its own child coroutine; the first to finish wins
 * (its value is returned, or its error thrown) and the others are halted before `race` returns.
 * A loser that completes in the same scheduler batch as the winner has its result discarded, so
 * race waits whose effect must not be lost (a channel receive) with {@link select} instead.
 */
export function race<const O extends readonly OperationFactory<unknown>[]>(
  ops: O,
): Operation<OperationResult<O[number]>> {
  return scoped(function* () {
    if (ops.length === 0) throw new CoroutineError('invalid-argument', 'race of no operations');
    const winner = new Future<OperationResult<O[number]>>();
    for (const op of ops) {
      yield* spawn(function* () {
        winner.resolve((yield* call(op)) as OperationResult<O[number]>);
      });
    }
    return yield* winner;
  });
}
