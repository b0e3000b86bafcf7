/**
 * Stable codes carried by {@link PollerError}. Match on `code`, never on the message.
 *
 * - `TIMEOUT`: a wait, `withTimeout` or `withDeadline` ran out of time.
 * - `SOURCE_CLOSED`: the source closed (or failed) while a coroutine waited on it.
 * - `DEREGISTERED`: the source was deregistered while a coroutine waited on it.
 * - `ALREADY_REGISTERED`: the source is already registered with this poller.
 * - `NOT_REGISTERED`: the registration is not (or no longer) known to this poller.
 * - `INVALID_ARGUMENT`: a delay, deadline, count or interest set made no sense.
 * - `RUNTIME_CLOSED`: the runtime was closed.
 */
export type PollerErrorCode =
  | 'TIMEOUT'
  | 'SOURCE_CLOSED'
  | 'DEREGISTERED'
  | 'ALREADY_REGISTERED'
  | 'NOT_REGISTERED'
  | 'INVALID_ARGUMENT'
  | 'RUNTIME_CLOSED';

/** The one error class of @yrpc/poller; `code` is stable, the message is for people. */
export class PollerError extends Error {
  /** Stable machine-readable reason. */
  readonly code: PollerErrorCode;

  constructor(code: PollerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PollerError';
    this.code = code;
  }
}

/** True when `error` is a {@link PollerError}, optionally with the given code. */
export function isPollerError(error: unknown, code?: PollerErrorCode): error is PollerError {
  return error instanceof PollerError && (code === undefined || error.code === code);
}
