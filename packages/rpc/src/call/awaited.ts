import { type Operation, suspend } from '@yrpc/protocol';

/**
 * The promise `start()` makes, as a coroutine operation: `yield* awaited(() => p)` resumes with
 * its value or throws its error. `start` runs when the operation runs; `halted` runs if the
 * coroutine is halted while it waits (a stream uses it to cancel its call).
 */
export function awaited<T>(start: () => Promise<T>, halted?: () => void): Operation<T> {
  return suspend<T>((resumer) => {
    let waiting = true;
    start().then(
      (value) => {
        if (!waiting) return;
        waiting = false;
        resumer.resume(value);
      },
      (error: unknown) => {
        if (!waiting) return;
        waiting = false;
        resumer.fail(error);
      },
    );
    return () => {
      if (!waiting) return;
      waiting = false;
      halted?.();
    };
  });
}

/** The value of an iterator result, `undefined` at the end. */
export function valueOrEnd<T>(result: IteratorResult<T>): T | undefined {
  return result.done === true ? undefined : result.value;
}
