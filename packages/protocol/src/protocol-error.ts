import { Status, type StatusCode } from './status.js';

/**
 * Stable codes of {@link ProtocolError}:
 *
 * - `bad-magic`: the first two bytes of a frame are not the yrpc magic (not a yrpc peer).
 * - `unsupported-version`: the frame's version byte is one this implementation does not speak.
 * - `unknown-frame-type`: the frame type byte is not defined.
 * - `reserved-flags`: a flag bit that is not defined for the frame type is set.
 * - `invalid-frame`: a field is inconsistent with the frame type (an id, or a length that must be 0).
 * - `frame-too-large`: header + meta + payload exceed the agreed maximum frame size.
 * - `meta-too-large`: the meta block exceeds the agreed maximum meta size.
 * - `buffer-limit`: more undecoded bytes are buffered than allowed.
 * - `bad-meta`: the meta block is not a valid protobuf message of the expected type.
 * - `invalid-meta`: the meta block decodes but breaks a rule protobuf cannot express
 *   (method name format, metadata key, timeout range, status code range).
 * - `invalid-option`: options (limits) given to this package fail validation.
 * - `flow-control`: the peer sent more flow-controlled bytes than the window granted, or a
 *   WINDOW_UPDATE of 0 or one that takes a window past 2^31-1 (PROTOCOL.md section 10).
 */
export type ProtocolErrorCode =
  | 'bad-magic'
  | 'unsupported-version'
  | 'unknown-frame-type'
  | 'reserved-flags'
  | 'invalid-frame'
  | 'frame-too-large'
  | 'meta-too-large'
  | 'buffer-limit'
  | 'bad-meta'
  | 'invalid-meta'
  | 'invalid-option'
  | 'flow-control';

const STATUS_OF: Record<ProtocolErrorCode, StatusCode> = {
  'bad-magic': Status.INTERNAL,
  'unsupported-version': Status.UNIMPLEMENTED,
  'unknown-frame-type': Status.INTERNAL,
  'reserved-flags': Status.INTERNAL,
  'invalid-frame': Status.INTERNAL,
  'frame-too-large': Status.RESOURCE_EXHAUSTED,
  'meta-too-large': Status.RESOURCE_EXHAUSTED,
  'buffer-limit': Status.RESOURCE_EXHAUSTED,
  'bad-meta': Status.INTERNAL,
  'invalid-meta': Status.INVALID_ARGUMENT,
  'invalid-option': Status.INVALID_ARGUMENT,
  'flow-control': Status.RESOURCE_EXHAUSTED,
};

/**
 * A violation of the wire protocol (or of the limits agreed for it): what was wrong (`code`), the
 * status a peer should be told (`status`, e.g. RESOURCE_EXHAUSTED for an oversized frame), and the
 * offending value as read off the wire (`value`). Decoders throw nothing else on bad input.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  /** Stable machine-readable code. */
  readonly code: ProtocolErrorCode;
  /** The status code this violation maps to, for an ERROR or GOAWAY frame sent back. */
  readonly status: StatusCode;
  /** The offending value (a length, a type byte, a field), as read. */
  readonly value: unknown;

  constructor(code: ProtocolErrorCode, message: string, value?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = STATUS_OF[code];
    this.value = value;
  }
}
