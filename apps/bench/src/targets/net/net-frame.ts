import type { ByteBuffer, Connection, ConnectionOptions } from '@yrpc/net';
import { BenchError } from '../../bench-error.js';
import { RAW_HEADER_SIZE, RAW_MAX_PAYLOAD } from '../raw/raw-frame.js';

/**
 * Connection options of both sides of the net target. A Connection stops reading once
 * `inputHighWaterMark` unread bytes are buffered (default 4 MiB), and an echo cannot consume a
 * frame before all of it is there: a frame larger than the mark would stall the connection for
 * good. So the mark leaves room for the largest frame the bench sends. With a bounded number of
 * calls in flight, and every complete frame consumed in the data event, the unread input never
 * reaches the default mark for frames below it, so this changes nothing for them.
 */
export const NET_CONNECTION_OPTIONS: ConnectionOptions = {
  inputHighWaterMark: RAW_HEADER_SIZE + RAW_MAX_PAYLOAD,
  maxInputBufferSize: 2 * (RAW_HEADER_SIZE + RAW_MAX_PAYLOAD),
};

/**
 * Receives one frame whose payload is `input.view(length, RAW_HEADER_SIZE)`, before it is
 * consumed. Returns how many of the frame's bytes it consumed itself (0 or the whole frame).
 */
export type NetFrameHandler = (
  input: ByteBuffer,
  payloadLength: number,
  requestId: number,
) => number | undefined;

/**
 * Parses every complete raw frame (same wire format as the raw target) in place from a
 * Connection's input buffer, consuming each after `onFrame` returns. For a frame that is not
 * all there yet, makes room for the rest at once, so a large payload grows the buffer once.
 */
export function readNetFrames(input: ByteBuffer, onFrame: NetFrameHandler): void {
  while (input.readableBytes >= RAW_HEADER_SIZE) {
    const payloadLength = input.peekU32(0);
    if (payloadLength > RAW_MAX_PAYLOAD) {
      throw new BenchError(
        'FRAME_TOO_LARGE',
        `frame announces ${payloadLength} payload bytes, more than the limit of ${RAW_MAX_PAYLOAD}`,
      );
    }
    const frameLength = RAW_HEADER_SIZE + payloadLength;
    if (input.readableBytes < frameLength) {
      input.ensureWritable(frameLength - input.readableBytes);
      return;
    }
    const consumed = onFrame(input, payloadLength, input.peekU32(4)) ?? 0;
    if (consumed < frameLength) input.retrieve(frameLength - consumed);
  }
}

/** Payloads at least this large are handed to the socket by reference instead of copied. */
export const NET_LARGE_PAYLOAD = 64 * 1024;

/**
 * Writes one raw frame (header, then `payload[start, end)`) to `connection`: copied into the
 * output buffer when small; by reference ({@link Connection.writeOwned}) when large, in which
 * case `payload` must stay unchanged until it has been sent.
 */
export function writeNetFrame(
  connection: Connection,
  requestId: number,
  payload: Uint8Array,
  start = 0,
  end = payload.length,
): void {
  const output = connection.beginWrite();
  const length = end - start;
  output.writeU32(length);
  output.writeU32(requestId);
  if (length < NET_LARGE_PAYLOAD) output.writeBytes(payload, start, end);
  else
    connection.writeOwned(
      start === 0 && end === payload.length ? payload : payload.subarray(start, end),
    );
}
