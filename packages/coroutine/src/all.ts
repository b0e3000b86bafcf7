import type { Operation, OperationFactory } from './operation.js';
import type { OperationResult } from './race.js';
import { spawn } from './run.js';
import { scoped } from './scoped.js';
import type { Task } from './task.js';

/**
 * Runs the operations concurrently, each in its own child coroutine, and returns their values in
 * order. The first failure halts the others and is thrown.
 */
export function all<const O extends readonly OperationFactory<unknown>[]>(
  ops: O,
): Operation<{ -readonly [K in keyof O]: OperationResult<O[K]> }> {
  return scoped(function* () {
    const tasks: Task<unknown>[] = [];
    for (const op of ops) tasks.push(yield* spawn(op));
    const results: unknown[] = [];
    for (const task of tasks) results.push(yield* task);
    return results as { -readonly [K in keyof O]: OperationResult<O[K]> };
  });
}
