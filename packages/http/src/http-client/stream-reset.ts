import { constants } from 'node:http2';
import { Status, type StatusCode } from '@yrpc/rpc';

/** Why a client's HTTP/2 stream ended before its response did, as a status and a sentence. */
export interface StreamFailure {
  readonly code: StatusCode;
  readonly message: string;
  readonly cause?: Error | undefined;
}

/**
 * What an HTTP/2 stream closed before the end of its response means (gRPC's PROTOCOL-HTTP2
 * mapping, which Connect shares): `rstCode` is the stream's reset code, undefined when the
 * connection went away without one; `sessionGone` whether its connection is destroyed (Node
 * then closes the streams with CANCEL, and sometimes with no error: the connection failed, the
 * server cancelled nothing).
 */
export function failureOfReset(rstCode: number | undefined, sessionGone: boolean): StreamFailure {
  const lost = rstCode === undefined || rstCode === constants.NGHTTP2_NO_ERROR;
  if (lost || (sessionGone && rstCode === constants.NGHTTP2_CANCEL)) {
    return { code: Status.UNAVAILABLE, message: 'the connection closed before the call ended' };
  }
  if (rstCode === constants.NGHTTP2_REFUSED_STREAM) {
    return {
      code: Status.UNAVAILABLE,
      message: 'the server refused the stream (it is going away)',
    };
  }
  if (rstCode === constants.NGHTTP2_CANCEL) {
    return { code: Status.CANCELLED, message: 'the server cancelled the call' };
  }
  if (rstCode === constants.NGHTTP2_ENHANCE_YOUR_CALM) {
    return { code: Status.RESOURCE_EXHAUSTED, message: 'the server told the client to calm down' };
  }
  return {
    code: Status.INTERNAL,
    message: `the server reset the stream with HTTP/2 error ${rstCode}`,
  };
}

/**
 * A failure of the stream or its connection (refused, lost): UNAVAILABLE; undefined for the
 * error Node reports when the server reset the stream, whose reset code says more (see
 * {@link failureOfReset}).
 */
export function failureOfConnection(error: Error): StreamFailure | undefined {
  if ((error as { code?: string }).code === 'ERR_HTTP2_STREAM_ERROR') return undefined;
  return {
    code: Status.UNAVAILABLE,
    message: `the connection failed: ${error.message}`,
    cause: error,
  };
}
