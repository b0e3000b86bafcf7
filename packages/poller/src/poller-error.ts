/**
 * Stable codes carried by {@link PollerError}. Match on `code`, never on the message.
 *
 * - `timeout`: a wait, `withTimeout` or `withDeadline` ran out of time.
 * - `source-closed`: the source closed (or failed; see `cause`) while a coroutine waited on it
 *   for something other than closing.
 * - `deregistered`: the source was deregistered while a coroutine waited on it.
 * - `already-registered`: the source is already registered with this poller.
 * - `invalid-argument`: a delay, deadline, count, interest set or source that makes no sense.
 */
export type PollerErrorCode =
  | 'timeout'
  | 'source-closed'
  | 'deregistered'
  | 'already-registered'
  | 'invalid-argument';

const brand = Symbol.for('@yrpc/poller.PollerError');

/**
 * The one error class of @yrpc/poller. Carries a stable `code`; branded with a `Symbol.for` key
 * so that {@link PollerError.is} also recognises errors from another installed copy.
 */
export class PollerError extends Error {
  /** Stable code; see {@link PollerErrorCode}. */
  readonly code: PollerErrorCode;

  constructor(code: PollerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PollerError';
    this.code = code;
  }

  /** True for a PollerError from any copy of this package, optionally with the given code. */
  static is(value: unknown, code?: PollerErrorCode): value is PollerError {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[brand] !== true) return false;
    return code === undefined || (value as PollerError).code === code;
  }

  /** True if `value` is a timeout: a PollerError with code `timeout`. */
  static isTimeout(value: unknown): value is PollerError {
    return PollerError.is(value, 'timeout');
  }
}

Object.defineProperty(PollerError.prototype, brand, { value: true });
