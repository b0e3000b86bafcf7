/** Stable codes of {@link BenchError}; match on these, never on messages. */
export type BenchErrorCode =
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_TARGET'
  | 'TARGET_NOT_READY'
  | 'FRAME_TOO_LARGE'
  | 'UNEXPECTED_REPLY'
  | 'CONNECTION_CLOSED'
  | 'CHILD_FAILED'
  | 'CHILD_TIMEOUT'
  | 'NO_CALLS'
  | 'NO_MESSAGES'
  | 'STREAM_FAILED'
  | 'STALLED'
  | 'EMPTY_SAMPLE'
  | 'INVALID_RESULTS';

/** Every failure the bench harness raises on purpose, with a stable `code`. */
export class BenchError extends Error {
  /** Stable machine-readable reason. */
  readonly code: BenchErrorCode;

  constructor(code: BenchErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
    this.code = code;
  }
}
