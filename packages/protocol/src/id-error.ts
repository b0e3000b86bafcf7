/**
 * Stable codes of {@link IdError}:
 * - `invalid-option`: generator or allocator options fail validation; the message names them.
 * - `exhausted`: every request id allowed is in flight.
 * - `clock-stalled`: the clock did not advance while a generator waited for the next millisecond.
 * - `timestamp-overflow`: the clock is beyond what the snowflake's timestamp bits can hold.
 */
export type IdErrorCode = 'invalid-option' | 'exhausted' | 'clock-stalled' | 'timestamp-overflow';

/** A failure of an id generator or of the request-id allocator. */
export class IdError extends Error {
  override name = 'IdError';
  /** Stable machine-readable code. */
  readonly code: IdErrorCode;

  constructor(code: IdErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
