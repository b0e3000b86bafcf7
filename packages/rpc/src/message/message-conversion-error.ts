const brand = Symbol.for('@yrpc/rpc/MessageConversionError');

/**
 * A value does not fit its message type: a string where an int32 belongs, an enum name the enum
 * lacks, a field the message does not have. Nothing was sent. The client reports it as
 * INVALID_ARGUMENT before sending; a server whose handler answered with it, as INTERNAL.
 */
export class MessageConversionError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'INVALID_MESSAGE' as const;
  /** Where in the message, e.g. `location.latitude`, `points[2].x` or `labels["env"]`. */
  readonly fieldPath: string;
  /** What was wrong, e.g. `expected int32, got string "abc"`. */
  readonly problem: string;

  constructor(fieldPath: string, problem: string) {
    super(fieldPath === '' ? problem : `${fieldPath}: ${problem}`);
    this.name = 'MessageConversionError';
    this.fieldPath = fieldPath;
    this.problem = problem;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for a `MessageConversionError` from any installed copy of this package. */
  static is(value: unknown): value is MessageConversionError {
    return typeof value === 'object' && value !== null && brand in value;
  }
}
