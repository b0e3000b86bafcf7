import { call } from './call.js';
import { requireCoroutine } from './coroutine.js';
import type { Operation, OperationFactory } from './operation.js';

/**
 * Runs `op` shielded from halts and child failures: an interrupt that arrives meanwhile waits
 * until `op` has finished and is delivered at the next suspension point after it. Use it for
 * cleanup that must finish even when a halt arrives while the cleanup is already running, for
 * example a `finally` entered on normal completion: `finally { yield* critical(closeAll) }`.
 * (Cleanup that runs because of a halt needs no shield: a halting coroutine is not interrupted
 * again.) Keep critical sections short: they delay the halt of the coroutine and its children.
 */
export function critical<T>(op: OperationFactory<T>): Operation<T> {
  return {
    *[Symbol.iterator]() {
      const co = requireCoroutine('critical');
      co.critical++;
      try {
        return yield* call(op);
      } finally {
        co.critical--;
      }
    },
  };
}
