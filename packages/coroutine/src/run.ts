import { Coroutine, captureSpawnSite, currentCoroutine, requireCoroutine } from './coroutine.js';
import { Immediate } from './immediate.js';
import type { Operation, OperationFactory } from './operation.js';
import { defaultScheduler, type Scheduler } from './scheduler.js';
import type { Task } from './task.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** The scheduler to run on; default: the process-wide {@link defaultScheduler}. */
  readonly scheduler?: Scheduler;
}

/**
 * Starts a top-level coroutine (no parent scope) and returns its task. The coroutine starts on the
 * scheduler's next drain, not synchronously. `await run(op)` gives its result. A failure nobody
 * observes (no `await`, no join) surfaces as an unhandled promise rejection.
 *
 * @example
 * const n = await run(function* () { return 42; });
 */
export function run<T>(op: OperationFactory<T>, options?: RunOptions): Task<T> {
  const scheduler = options?.scheduler ?? defaultScheduler();
  return new Coroutine<T>(scheduler, null, op, captureSpawnSite(scheduler, run));
}

class SpawnOperation<T> extends Immediate<Task<T>> {
  constructor(private readonly op: OperationFactory<T>) {
    super();
  }

  protected compute(): Task<T> {
    const parent = requireCoroutine('spawn');
    const site = captureSpawnSite(parent.scheduler, SpawnOperation.prototype.next);
    return new Coroutine<T>(parent.scheduler, parent, this.op, site);
  }

  protected copy(): Immediate<Task<T>> {
    return new SpawnOperation(this.op);
  }
}

/**
 * Starts `op` as a child of the current coroutine and returns its task without waiting. The
 * child inherits the parent's context values, never outlives the parent (it is halted when the
 * parent finishes), and, if it fails while the parent is not joining it, fails the parent.
 */
export function spawn<T>(op: OperationFactory<T>): Operation<Task<T>> {
  return new SpawnOperation(op);
}

/** The task of the coroutine running right now, or `undefined` outside any coroutine. */
export function currentTask(): Task<unknown> | undefined {
  return currentCoroutine() ?? undefined;
}
