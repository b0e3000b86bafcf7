import { CALL, type Instruction, type Operation, type OperationFactory } from './operation.js';

class CallInstruction<T> implements Instruction, Operation<T>, Iterator<Instruction, T, unknown> {
  readonly kind = CALL;
  private started = false;

  constructor(readonly op: OperationFactory<T>) {}

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    if (!this.started) return this;
    return new CallInstruction(this.op);
  }

  next(value?: unknown): IteratorResult<Instruction, T> {
    if (!this.started) {
      this.started = true;
      return { done: false, value: this };
    }
    return { done: true, value: value as T };
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    throw error;
  }
}

/**
 * Runs `op` as a new frame on the coroutine's own frame stack instead of through native `yield*`
 * delegation. A plain `yield* op` costs one extra generator hop per nesting level on every
 * resume; `yield* call(op)` keeps resumes O(1) however deep the calls nest. Use it for deep or
 * recursive call chains and in library code on hot paths.
 */
export function call<T>(op: OperationFactory<T>): Operation<T> {
  return new CallInstruction(op);
}
