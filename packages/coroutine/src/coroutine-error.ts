/**
 * Stable machine-readable codes carried by {@link CoroutineError}. Match on `code`, never on the
 * message.
 *
 * - `halted`: the coroutine was halted; thrown into a halted coroutine at its suspension point, and
 *   by joining (or awaiting) a task that ended halted.
 * - `no-coroutine`: an operation that needs a running coroutine was used outside one.
 * - `invalid-yield`: a generator yielded something that is not an instruction of this package
 *   (for example a bare `yield value` instead of `yield* operation`).
 * - `channel-closed`: a send on a closed channel.
 * - `invalid-argument`: a bad argument (negative capacity, unlocking a mutex that is not locked...).
 */
export type CoroutineErrorCode =
  | 'halted'
  | 'no-coroutine'
  | 'invalid-yield'
  | 'channel-closed'
  | 'invalid-argument';

const brand = Symbol.for('@yrpc/coroutine.CoroutineError');

/**
 * The one error class of @yrpc/coroutine. Carries a stable `code`; branded with a `Symbol.for`
 * key so that {@link CoroutineError.is} recognises errors from another installed copy of the
 * package too (where `instanceof` would fail).
 */
export class CoroutineError extends Error {
  /** Stable code; see {@link CoroutineErrorCode}. */
  readonly code: CoroutineErrorCode;

  constructor(code: CoroutineErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CoroutineError';
    this.code = code;
  }

  /** True for a CoroutineError from any copy of this package, optionally with the given code. */
  static is(value: unknown, code?: CoroutineErrorCode): value is CoroutineError {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[brand] !== true) return false;
    return code === undefined || (value as CoroutineError).code === code;
  }

  /** True if `value` is the error a halt throws: a CoroutineError with code `halted`. */
  static isHalt(value: unknown): value is CoroutineError {
    return CoroutineError.is(value, 'halted');
  }
}

Object.defineProperty(CoroutineError.prototype, brand, { value: true });
