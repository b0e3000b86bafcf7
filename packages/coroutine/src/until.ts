import { CoroutineError } from './coroutine-error.js';
import type { Operation } from './operation.js';
import { Suspension } from './suspension.js';

class PromiseSuspension<T> extends Suspension<T> {
  private controller: AbortController | undefined = undefined;

  constructor(
    private readonly start: ((signal: AbortSignal) => PromiseLike<T>) | undefined,
    private readonly given: PromiseLike<T> | undefined,
  ) {
    super();
  }

  park(): void {
    let promise = this.given;
    if (this.start !== undefined) {
      this.controller = new AbortController();
      promise = this.start(this.controller.signal);
    }
    (promise as PromiseLike<T>).then(
      (value) => this.resume(value),
      (error: unknown) => this.fail(error),
    );
  }

  cancel(): void {
    this.controller?.abort(new CoroutineError('halted', 'the waiting coroutine was halted'));
  }

  protected copy(): Suspension<T> {
    return new PromiseSuspension(this.start, this.given);
  }
}

/**
 * Waits for a promise inside a coroutine: `const body = yield* until((signal) => fetch(url,
 * { signal }))`. `fn` runs when the operation starts and gets an AbortSignal that aborts (with a
 * `halted` CoroutineError as its reason) if the coroutine is halted while waiting.
 */
export function until<T>(fn: (signal: AbortSignal) => PromiseLike<T>): Operation<T> {
  return new PromiseSuspension(fn, undefined);
}

/** Waits for an existing promise (nothing to abort). Prefer {@link until} when you can. */
export function fromPromise<T>(promise: PromiseLike<T>): Operation<T> {
  return new PromiseSuspension(undefined, promise);
}
