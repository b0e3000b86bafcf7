/**
 * Frame types of protocol version 1 (byte 3 of the header). See PROTOCOL.md for what each carries.
 * 0 and 0x0c–0xff are not defined: a decoder rejects them.
 */
export const FrameType = {
  HANDSHAKE: 0x01,
  REQUEST: 0x02,
  RESPONSE: 0x03,
  ERROR: 0x04,
  CANCEL: 0x05,
  PING: 0x06,
  PONG: 0x07,
  GOAWAY: 0x08,
  STREAM_DATA: 0x09,
  STREAM_END: 0x0a,
  WINDOW_UPDATE: 0x0b,
} as const;

/** One of the {@link FrameType} numbers. */
export type FrameTypeCode = (typeof FrameType)[keyof typeof FrameType];

/** Flag bits (bytes 4–5 of the header). A bit not allowed for a frame type must be 0. */
export const FrameFlag = {
  /** REQUEST, RESPONSE, STREAM_DATA: the sender sends nothing more on this stream. */
  END_STREAM: 0x0001,
  /** HANDSHAKE: this is the answer to the peer's handshake. */
  ACK: 0x0002,
  /** GOAWAY: first phase of a drain; a final GOAWAY (without this flag) follows. */
  DRAIN: 0x0004,
  /**
   * REQUEST, RESPONSE, STREAM_DATA: the payload is compressed with gzip (PROTOCOL.md section 4).
   * Set only towards a peer whose handshake accepts `gzip`.
   */
  COMPRESSED: 0x0008,
} as const;

const TYPE_NAMES = [
  'RESERVED',
  'HANDSHAKE',
  'REQUEST',
  'RESPONSE',
  'ERROR',
  'CANCEL',
  'PING',
  'PONG',
  'GOAWAY',
  'STREAM_DATA',
  'STREAM_END',
  'WINDOW_UPDATE',
] as const;

/** The name of a frame type (`'REQUEST'`), or `'0x..'` in hex for an undefined one. */
export function frameTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `0x${type.toString(16).padStart(2, '0')}`;
}
