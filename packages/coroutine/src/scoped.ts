import type { Operation, OperationFactory } from './operation.js';
import { spawn } from './run.js';

/**
 * Runs `op` in a child scope and waits for it: children it spawns are halted when it returns, and
 * a failing child fails the scope, whose error the caller can catch around `yield* scoped(...)`
 * without its own other children being touched.
 */
export function scoped<T>(op: OperationFactory<T>): Operation<T> {
  return {
    *[Symbol.iterator]() {
      const task = yield* spawn(op);
      return yield* task;
    },
  };
}
