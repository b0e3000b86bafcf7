import {
  auditFrame,
  auditHeader,
  type HeaderFields,
  type ReceiverView,
  skippedFrame,
} from './frame-audit.js';
import { HEADER_SIZE, MAGIC, PROTOCOL_VERSION } from './frame-header.js';
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_META_SIZE,
  MAX_MAX_FRAME_SIZE,
} from './frame-limits.js';
import { FrameFlag, FrameType } from './frame-type.js';
import { COMPRESSED_ENCODING } from './handshake.js';
import type { FrameViolation, InspectionEvent } from './inspected-frame.js';
import type { HandshakeMeta } from './meta.js';

/** Options of a {@link FrameInspector}. */
export interface FrameInspectorOptions {
  /**
   * Whether the inspector is told the receiver's HANDSHAKE ({@link FrameInspector.receiverHandshake})
   * as it goes by: then COMPRESSED before a HANDSHAKE listing gzip is a violation. Default false.
   */
  readonly seesReceiver?: boolean;
}

type State = 'header' | 'body' | 'skip' | 'lost' | 'ended';

/** What is set aside for a frame's meta and payload before its bytes arrive. */
const INITIAL_BODY = 64 * 1024;

/**
 * Reads the bytes of one direction of a yrpc connection, as an observer (a capture tool, a test)
 * rather than a receiver: it never throws and never closes anything. Each frame comes out with
 * its header fields, decoded meta, payload and every rule of PROTOCOL.md it breaks
 * ({@link InspectedFrame}); bytes that cannot be framed are reported once, and the rest of the
 * direction is then only counted ({@link FrameInspector.undecodedBytes}): after a bad magic or
 * an unknown version nothing says where the next frame starts.
 *
 * The result does not depend on how the bytes are split into chunks. Memory is bounded: at most
 * one frame within the receiver's limits is held; a frame over them is reported from its header
 * and its bytes are skipped as they pass.
 */
export class FrameInspector {
  private state: State = 'header';
  private readonly head = new Uint8Array(HEADER_SIZE);
  private headLength = 0;
  private header: HeaderFields | undefined;
  private headerViolations: FrameViolation[] = [];
  /** The meta and payload of the frame being read: `bodyLength` of `bodySize` bytes so far. */
  private body = new Uint8Array(0);
  private bodyLength = 0;
  private bodySize = 0;
  private skipLeft = 0;
  private offset = 0;
  private lost = 0;
  private receiver: ReceiverView;
  /** The HANDSHAKE kinds this direction sent (opening, ACK): each is allowed once. */
  private readonly handshakesSent = { opening: false, ack: false };

  constructor(options: FrameInspectorOptions = {}) {
    this.receiver = {
      maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
      maxMetaSize: DEFAULT_MAX_META_SIZE,
      acceptsCompressed: options.seesReceiver === true ? false : undefined,
    };
  }

  /**
   * The receiver's HANDSHAKE went by (in the other direction): frames after it are held to the
   * limits it announced, and may be COMPRESSED if it lists gzip.
   */
  receiverHandshake(handshake: HandshakeMeta): void {
    const maxFrameSize = Math.min(
      handshake.maxFrameSize || DEFAULT_MAX_FRAME_SIZE,
      MAX_MAX_FRAME_SIZE,
    );
    this.receiver = {
      maxFrameSize,
      maxMetaSize: Math.min(
        handshake.maxMetaSize || DEFAULT_MAX_META_SIZE,
        0xffff,
        maxFrameSize - HEADER_SIZE,
      ),
      acceptsCompressed:
        this.receiver.acceptsCompressed === undefined
          ? undefined
          : (handshake.acceptEncoding ?? []).includes(COMPRESSED_ENCODING),
    };
  }

  /** Bytes that could not be framed (after the stream lost sync), not inspected. */
  get undecodedBytes(): number {
    return this.lost;
  }

  /** Bytes taken so far. */
  get bytesSeen(): number {
    return this.offset + this.lost;
  }

  /** Takes the next bytes of the direction; returns what they completed, in order. */
  push(chunk: Uint8Array): InspectionEvent[] {
    const events: InspectionEvent[] = [];
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'ended':
          return events;
        case 'lost':
          this.lost += chunk.length - at;
          return events;
        case 'header': {
          const take = Math.min(HEADER_SIZE - this.headLength, chunk.length - at);
          this.head.set(chunk.subarray(at, at + take), this.headLength);
          this.headLength += take;
          at += take;
          if (this.headLength === HEADER_SIZE) this.onHeader(events);
          break;
        }
        case 'body': {
          const take = Math.min(this.bodySize - this.bodyLength, chunk.length - at);
          this.reserve(this.bodyLength + take);
          this.body.set(chunk.subarray(at, at + take), this.bodyLength);
          this.bodyLength += take;
          at += take;
          if (this.bodyLength === this.bodySize) this.onBody(events);
          break;
        }
        case 'skip': {
          const take = Math.min(this.skipLeft, chunk.length - at);
          this.skipLeft -= take;
          at += take;
          if (this.skipLeft === 0)
            this.nextFrame(
              HEADER_SIZE + (this.header?.metaLength ?? 0) + (this.header?.payloadLength ?? 0),
            );
          break;
        }
      }
    }
    return events;
  }

  /** The direction ended (FIN, or the end of a dump): reports a frame left unfinished. */
  end(): InspectionEvent[] {
    const events: InspectionEvent[] = [];
    if (this.state === 'header' && this.headLength > 0) {
      const prefix = this.prefixViolation(this.headLength);
      events.push({
        kind: 'stream-violation',
        offset: this.offset,
        violation: prefix ?? {
          code: 'truncated-frame',
          message: `the stream ended ${this.headLength} byte(s) into a frame header`,
        },
      });
    } else if (this.state === 'body' || this.state === 'skip') {
      const header = this.header as HeaderFields;
      events.push({
        kind: 'stream-violation',
        offset: this.offset,
        violation: {
          code: 'truncated-frame',
          message: `the stream ended inside a frame of ${HEADER_SIZE + header.metaLength + header.payloadLength} bytes`,
        },
      });
    }
    this.state = 'ended';
    return events;
  }

  private onHeader(events: InspectionEvent[]): void {
    const prefix = this.prefixViolation(HEADER_SIZE);
    if (prefix !== undefined) {
      events.push({ kind: 'stream-violation', offset: this.offset, violation: prefix });
      this.state = 'lost';
      this.lost = HEADER_SIZE;
      return;
    }
    const view = new DataView(this.head.buffer);
    const header: HeaderFields = {
      offset: this.offset,
      type: view.getUint8(3),
      flags: view.getUint16(4),
      metaLength: view.getUint16(6),
      id: view.getUint32(8),
      payloadLength: view.getUint32(12),
    };
    this.header = header;
    const { violations, oversized } = auditHeader(header, this.receiver);
    const repeated = this.repeatedHandshake(header);
    if (repeated !== undefined) violations.push(repeated);
    const rest = header.metaLength + header.payloadLength;
    if (oversized) {
      events.push({ kind: 'frame', frame: skippedFrame(header, violations) });
      this.skipLeft = rest;
      this.state = 'skip';
      if (rest === 0) this.nextFrame(HEADER_SIZE);
      return;
    }
    this.headerViolations = violations;
    this.body = new Uint8Array(Math.min(rest, INITIAL_BODY));
    this.bodyLength = 0;
    this.bodySize = rest;
    this.state = 'body';
    if (rest === 0) this.onBody(events);
  }

  private onBody(events: InspectionEvent[]): void {
    const header = this.header as HeaderFields;
    const body = this.body.subarray(0, this.bodySize);
    events.push({ kind: 'frame', frame: auditFrame(header, body, this.headerViolations) });
    this.nextFrame(HEADER_SIZE + this.bodySize);
  }

  private nextFrame(size: number): void {
    this.offset += size;
    this.headLength = 0;
    this.header = undefined;
    this.headerViolations = [];
    this.body = new Uint8Array(0);
    this.bodyLength = 0;
    this.bodySize = 0;
    this.state = 'header';
  }

  /**
   * Grows the body to hold `size` bytes, doubling: a header may claim a frame as large as the
   * limit whose bytes never come, so the memory follows the bytes that did.
   */
  private reserve(size: number): void {
    if (size <= this.body.length) return;
    const grown = new Uint8Array(Math.min(this.bodySize, Math.max(size, 2 * this.body.length)));
    grown.set(this.body.subarray(0, this.bodyLength));
    this.body = grown;
  }

  /** A second HANDSHAKE of a kind (PROTOCOL.md section 6): flagged as the receiver rejects it. */
  private repeatedHandshake(header: HeaderFields): FrameViolation | undefined {
    if (header.type !== FrameType.HANDSHAKE) return undefined;
    const kind = (header.flags & FrameFlag.ACK) === 0 ? 'opening' : 'ack';
    if (!this.handshakesSent[kind]) {
      this.handshakesSent[kind] = true;
      return undefined;
    }
    return {
      code: 'invalid-frame',
      message: `a second HANDSHAKE${kind === 'ack' ? ' with ACK' : ''} on the connection (section 6 allows one of each kind)`,
    };
  }

  /** Bad magic or version in the first `available` header bytes: what makes the rest unframeable. */
  private prefixViolation(available: number): FrameViolation | undefined {
    const head = this.head;
    const magic = Array.from(head.subarray(0, Math.min(2, available)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    if (head[0] !== MAGIC >>> 8 || (available >= 2 && head[1] !== (MAGIC & 0xff))) {
      return {
        code: 'bad-magic',
        message: `not a yrpc frame: expected magic 5952 ("YR"), got ${magic}; the rest of this direction is not decoded`,
      };
    }
    if (available >= 3 && head[2] !== PROTOCOL_VERSION) {
      return {
        code: 'unsupported-version',
        message: `protocol version ${head[2]} (this implementation speaks ${PROTOCOL_VERSION}); the rest of this direction is not decoded`,
      };
    }
    return undefined;
  }
}
