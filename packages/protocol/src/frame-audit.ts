import { DEFAULT_WINDOW, MAX_WINDOW } from './flow-window.js';
import { checkFrameFields, checkFrameSize, HEADER_SIZE } from './frame-header.js';
import { DEFAULT_MAX_FRAME_SIZE, MAX_MAX_FRAME_SIZE, MIN_MAX_FRAME_SIZE } from './frame-limits.js';
import { FrameFlag, FrameType, frameTypeName } from './frame-type.js';
import { COMPRESSED_ENCODING } from './handshake.js';
import type { FrameViolation, InspectedFrame, InspectedMeta } from './inspected-frame.js';
import type { HandshakeMeta } from './meta.js';
import { validateMetadata, validateRequestMeta, validateStatusMeta } from './meta-schemas.js';
import { decodeGoAwayMeta, decodeHandshakeMeta, decodeStatusMeta } from './protobuf-meta-codec.js';
import { ProtocolError } from './protocol-error.js';
import { decodeRequestMeta } from './request-meta-codec.js';
import { decodeResponseMeta } from './response-meta-codec.js';

// The rules of PROTOCOL.md applied to one frame without throwing: every check a receiver makes
// (the same functions as FrameDecoder's, so the two cannot disagree), each failure kept as a
// FrameViolation instead of ending the connection.

/** What an observer knows of the receiver of a direction: the limits and encodings it announced. */
export interface ReceiverView {
  readonly maxFrameSize: number;
  readonly maxMetaSize: number;
  /**
   * Whether COMPRESSED may be sent to it: `undefined` when the observer does not see the other
   * direction (then COMPRESSED is not judged).
   */
  readonly acceptsCompressed: boolean | undefined;
}

/** The header fields of a frame, as read. */
export interface HeaderFields {
  readonly offset: number;
  readonly type: number;
  readonly flags: number;
  readonly id: number;
  readonly metaLength: number;
  readonly payloadLength: number;
}

const FLAG_NAMES: readonly (readonly [number, string])[] = Object.entries(FrameFlag).map(
  ([name, bit]) => [bit, name] as const,
);
const MAX_STATUS = 16;

/** The names of the flag bits set: `END_STREAM`, or `0x0010` for an undefined bit. */
export function flagNames(flags: number): string[] {
  const names: string[] = [];
  for (let bit = 1; bit <= 0x8000; bit <<= 1) {
    if ((flags & bit) === 0) continue;
    const known = FLAG_NAMES.find(([b]) => b === bit);
    names.push(known === undefined ? `0x${bit.toString(16).padStart(4, '0')}` : known[1]);
  }
  return names;
}

function violationOf(error: unknown): FrameViolation {
  if (
    error instanceof ProtocolError &&
    error.code !== 'invalid-option' &&
    error.code !== 'buffer-limit'
  ) {
    return { code: error.code, message: error.message };
  }
  return { code: 'bad-meta', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The violations of a header (type defined, sizes within the receiver's limits, flags, id and
 * lengths against the type's rules), in the order a receiver checks them. `oversized` says the
 * frame's bytes must be skipped rather than held: its meta or total is over the limits.
 */
export function auditHeader(
  header: HeaderFields,
  receiver: ReceiverView,
): { violations: FrameViolation[]; oversized: boolean } {
  const { type, flags, id, metaLength, payloadLength } = header;
  const violations: FrameViolation[] = [];
  const defined = type >= FrameType.HANDSHAKE && type <= FrameType.WINDOW_UPDATE;
  if (!defined) {
    violations.push({
      code: 'unknown-frame-type',
      message: `unknown frame type ${frameTypeName(type)}`,
    });
  }
  let oversized = false;
  try {
    checkFrameSize(
      type,
      metaLength,
      payloadLength,
      receiver.maxMetaSize,
      receiver.maxFrameSize,
      "the receiver's",
    );
  } catch (error) {
    oversized = true;
    violations.push(violationOf(error));
  }
  if (defined) {
    try {
      checkFrameFields(type, flags, id, metaLength, payloadLength);
    } catch (error) {
      violations.push(violationOf(error));
    }
  }
  if ((flags & FrameFlag.COMPRESSED) !== 0 && payloadLength === 0 && violations.length === 0) {
    violations.push({
      code: 'invalid-frame',
      message: `COMPRESSED is set on a ${frameTypeName(type)} frame without a payload`,
    });
  }
  if ((flags & FrameFlag.COMPRESSED) !== 0 && receiver.acceptsCompressed === false) {
    violations.push({
      code: 'compression-not-negotiated',
      message: `COMPRESSED ${frameTypeName(type)} sent before the receiver's HANDSHAKE listed ${COMPRESSED_ENCODING}`,
    });
  }
  return { violations, oversized };
}

/**
 * A complete frame audited: `body` holds its meta block then its payload, `headerViolations`
 * what {@link auditHeader} found. Decodes the meta the type calls for and checks what PROTOCOL.md
 * section 5 (and 10, for windows) requires of it. Never throws.
 */
export function auditFrame(
  header: HeaderFields,
  body: Uint8Array,
  headerViolations: readonly FrameViolation[],
): InspectedFrame {
  const violations = [...headerViolations];
  const { type, metaLength } = header;
  let meta: InspectedMeta | undefined;
  try {
    meta = decodeMeta(type, body, metaLength);
    if (meta !== undefined) checkMeta(meta, type, violations);
  } catch (error) {
    violations.push(violationOf(error));
  }
  const payload = body.slice(metaLength);
  let increment: number | undefined;
  if (type === FrameType.WINDOW_UPDATE && payload.length === 4) {
    increment = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
    if (increment === 0 || increment > MAX_WINDOW) {
      violations.push({
        code: 'flow-control',
        message: `a WINDOW_UPDATE increment must be 1..${MAX_WINDOW}, got ${increment}`,
      });
    }
  }
  return {
    ...describe(header),
    meta,
    payload,
    ...(increment === undefined ? {} : { increment }),
    violations,
  };
}

/** A frame whose bytes were skipped (over the limits): its header and what it breaks. */
export function skippedFrame(
  header: HeaderFields,
  violations: readonly FrameViolation[],
): InspectedFrame {
  return { ...describe(header), meta: undefined, payload: undefined, violations };
}

function describe(header: HeaderFields) {
  return {
    offset: header.offset,
    type: header.type,
    typeName: frameTypeName(header.type),
    flags: header.flags,
    flagNames: flagNames(header.flags),
    id: header.id,
    metaLength: header.metaLength,
    payloadLength: header.payloadLength,
  };
}

function decodeMeta(type: number, body: Uint8Array, end: number): InspectedMeta | undefined {
  switch (type) {
    case FrameType.HANDSHAKE:
      return { kind: 'handshake', handshake: decodeHandshakeMeta(body, 0, end) };
    case FrameType.REQUEST:
      return { kind: 'request', request: decodeRequestMeta(body, 0, end) };
    case FrameType.RESPONSE:
      return { kind: 'response', response: decodeResponseMeta(body, 0, end) };
    case FrameType.ERROR:
    case FrameType.CANCEL:
    case FrameType.STREAM_END:
      return { kind: 'status', status: decodeStatusMeta(body, 0, end) };
    case FrameType.GOAWAY:
      return { kind: 'goaway', goaway: decodeGoAwayMeta(body, 0, end) };
    default:
      return undefined;
  }
}

function checkMeta(meta: InspectedMeta, type: number, violations: FrameViolation[]): void {
  const invalid = (message: string) => violations.push({ code: 'invalid-meta', message });
  const tryRule = (rule: () => void) => {
    try {
      rule();
    } catch (error) {
      violations.push(violationOf(error));
    }
  };
  switch (meta.kind) {
    case 'handshake':
      for (const problem of handshakeProblems(meta.handshake)) {
        violations.push({ code: 'bad-meta', message: `HANDSHAKE ${problem}` });
      }
      return;
    case 'request':
      tryRule(() => validateRequestMeta(meta.request));
      return;
    case 'response':
      tryRule(() => validateMetadata(meta.response.metadata));
      tryRule(() => validateMetadata(meta.response.trailers, 'trailers'));
      return;
    case 'status':
      if (type === FrameType.ERROR) {
        tryRule(() => validateStatusMeta(meta.status));
      } else {
        if (meta.status.code > MAX_STATUS) {
          invalid(`${frameTypeName(type)} status code ${meta.status.code} is not 0..${MAX_STATUS}`);
        }
        tryRule(() => validateMetadata(meta.status.trailers, 'trailers'));
      }
      return;
    case 'goaway':
      if (meta.goaway.code > MAX_STATUS) {
        invalid(`GOAWAY code ${meta.goaway.code} is not 0..${MAX_STATUS}`);
      }
      return;
  }
}

/** What a HANDSHAKE announces against the bounds of PROTOCOL.md sections 6 and 10. */
function handshakeProblems(h: HandshakeMeta): string[] {
  const problems: string[] = [];
  if (h.version < 1) problems.push(`version ${h.version}: the lowest version is 1`);
  const frame = h.maxFrameSize;
  if (frame !== 0 && (frame < MIN_MAX_FRAME_SIZE || frame > MAX_MAX_FRAME_SIZE)) {
    problems.push(
      `max_frame_size ${frame} is outside ${MIN_MAX_FRAME_SIZE}..${MAX_MAX_FRAME_SIZE}`,
    );
  }
  const ownFrame = frame === 0 ? DEFAULT_MAX_FRAME_SIZE : frame;
  if (h.maxMetaSize > 0xffff || h.maxMetaSize > ownFrame - HEADER_SIZE) {
    problems.push(`max_meta_size ${h.maxMetaSize} is over 65535 or leaves no room in a frame`);
  }
  for (const [name, window] of [
    ['connection_window', h.connectionWindow],
    ['stream_window', h.streamWindow],
  ] as const) {
    const least = Math.max(DEFAULT_WINDOW, ownFrame);
    if (window !== 0 && (window < least || window > MAX_WINDOW)) {
      problems.push(`${name} ${window} is outside ${least}..${MAX_WINDOW}`);
    }
  }
  return problems;
}
