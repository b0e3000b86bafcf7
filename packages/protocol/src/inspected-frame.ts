import type { GoAwayMeta, HandshakeMeta, RequestMeta, ResponseMeta, StatusMeta } from './meta.js';
import type { ProtocolErrorCode } from './protocol-error.js';

/**
 * Stable codes of a {@link FrameViolation}: the {@link ProtocolErrorCode}s a receiver would
 * raise for the same bytes, plus what only an observer of a whole connection can tell:
 *
 * - `truncated-frame`: the byte stream ended inside a frame (PROTOCOL.md section 6, Half-close).
 * - `compression-not-negotiated`: COMPRESSED on a frame sent before the receiver's HANDSHAKE
 *   listing `gzip` went by (section 4, Negotiation).
 */
export type FrameViolationCode =
  | Exclude<ProtocolErrorCode, 'invalid-option' | 'buffer-limit'>
  | 'truncated-frame'
  | 'compression-not-negotiated';

/** One way bytes on the wire break PROTOCOL.md: a stable `code` and a message for people. */
export interface FrameViolation {
  readonly code: FrameViolationCode;
  readonly message: string;
}

/** A frame's meta block as decoded, tagged with the message it was decoded as. */
export type InspectedMeta =
  | { readonly kind: 'handshake'; readonly handshake: HandshakeMeta }
  | { readonly kind: 'request'; readonly request: RequestMeta }
  | { readonly kind: 'response'; readonly response: ResponseMeta }
  | { readonly kind: 'status'; readonly status: StatusMeta }
  | { readonly kind: 'goaway'; readonly goaway: GoAwayMeta };

/**
 * One frame as an observer saw it: every header field as read (even one that breaks the rules),
 * the decoded meta, a copy of the payload, and what it breaks. Nothing in it is trusted: it is
 * what the bytes said.
 */
export interface InspectedFrame {
  /** Where the frame starts in the bytes of its direction (0 = the first byte sent). */
  readonly offset: number;
  /** The type byte. */
  readonly type: number;
  /** `REQUEST`, ..., or `0x..` for an undefined type. */
  readonly typeName: string;
  /** The flag bits as read. */
  readonly flags: number;
  /** The names of the bits set (`END_STREAM`), an undefined bit as `0x0010`. */
  readonly flagNames: readonly string[];
  /** The stream id field (the ping id of PING and PONG, the last id of GOAWAY). */
  readonly id: number;
  /** Meta block length as read from the header. */
  readonly metaLength: number;
  /** Payload length as read from the header. */
  readonly payloadLength: number;
  /** The meta block decoded; `undefined` when it has none, did not decode, or was skipped. */
  readonly meta: InspectedMeta | undefined;
  /** A copy of the payload; `undefined` for a frame over the limits, whose bytes were skipped. */
  readonly payload: Uint8Array | undefined;
  /** WINDOW_UPDATE: the increment its payload carries. */
  readonly increment?: number;
  /** What the frame breaks; empty for a valid frame. */
  readonly violations: readonly FrameViolation[];
}

/**
 * What inspecting a byte stream yields, in stream order: a frame, or a violation of the stream
 * itself, not of one frame (bytes that are not a frame, a stream ending inside one).
 */
export type InspectionEvent =
  | { readonly kind: 'frame'; readonly frame: InspectedFrame }
  | {
      readonly kind: 'stream-violation';
      /** Where in the direction's bytes it was found. */
      readonly offset: number;
      readonly violation: FrameViolation;
    };
