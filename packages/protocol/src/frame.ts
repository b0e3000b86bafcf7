import { FrameFlag, type FrameTypeCode } from './frame-type.js';

/**
 * A decoded frame, parsed in place: `meta` and `payload` are views into the decoder's input
 * bytes, valid until that input is written again (for a connection's input buffer: until the
 * next read from the socket). Copy what must live longer ({@link Frame.copyPayload}), or decode
 * the meta (the meta decoders copy).
 *
 * For decoding without a view, `bytes[metaStart, metaEnd)` is the meta block and
 * `bytes[metaEnd, payloadEnd)` the payload.
 */
export class Frame {
  constructor(
    /** The frame type. */
    readonly type: FrameTypeCode,
    /** The flag bits. */
    readonly flags: number,
    /** Stream (request) id; for PING/PONG the ping id, for GOAWAY the last processed id. */
    readonly id: number,
    /** The array the frame was parsed from. */
    readonly bytes: Uint8Array,
    /** Offset of the meta block in `bytes`. */
    readonly metaStart: number,
    /** Offset one past the meta block, which is also where the payload starts. */
    readonly metaEnd: number,
    /** Offset one past the payload. */
    readonly payloadEnd: number,
    /** True when `bytes` belong to this frame for good (not a view into a reused buffer). */
    readonly owned: boolean = false,
  ) {}

  /** Length of the meta block in bytes. */
  get metaLength(): number {
    return this.metaEnd - this.metaStart;
  }

  /** Length of the payload in bytes. */
  get payloadLength(): number {
    return this.payloadEnd - this.metaEnd;
  }

  /** A view of the meta block (no copy). */
  get meta(): Uint8Array {
    return this.bytes.subarray(this.metaStart, this.metaEnd);
  }

  /** A view of the payload (no copy). */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.metaEnd, this.payloadEnd);
  }

  /** A copy of the payload that the caller owns. */
  copyPayload(): Uint8Array {
    // Not bytes.slice(): on a Buffer (what connections read into) that is a view, not a copy.
    const copy = new Uint8Array(this.payloadEnd - this.metaEnd);
    copy.set(this.bytes.subarray(this.metaEnd, this.payloadEnd));
    return copy;
  }

  /** Whether a flag bit (see {@link FrameFlag}) is set. */
  has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  /** Whether END_STREAM is set. */
  get endStream(): boolean {
    return (this.flags & FrameFlag.END_STREAM) !== 0;
  }
}

/** The increment a WINDOW_UPDATE frame carries (its 4-byte payload, big-endian). */
export function windowIncrement(frame: Frame): number {
  const bytes = frame.bytes;
  const at = frame.metaEnd;
  return (
    (((bytes[at] as number) << 24) |
      ((bytes[at + 1] as number) << 16) |
      ((bytes[at + 2] as number) << 8) |
      (bytes[at + 3] as number)) >>>
    0
  );
}
