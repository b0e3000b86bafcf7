import { decodeResponseMeta, type Frame, FrameFlag, RpcError, Status } from '@yrpc/protocol';
import type { Metadata } from '../call/call-context.js';
import {
  inflateFailure,
  inflatePayload,
  MAX_RESPONSE_BYTES,
} from '../compression/payload-compression.js';
import { ownedPayload } from '../flow/owned-payload.js';
import { toMetadata } from './client-answer-meta.js';
import type { ClientCall } from './client-call.js';

/**
 * Settles `call` with the RESPONSE that ends it: counts its size, inflates a compressed payload
 * (bounded by the largest response), decodes it, hands headers and trailers to the caller's
 * listener, and resolves the call; any of these failing fails the call with INTERNAL (or what
 * the inflate says). `address` is the server's, for messages (which are only made on failure:
 * this runs for every unary call).
 */
export function settleUnaryAnswer(call: ClientCall, frame: Frame, address: string): void {
  const info = call.info;
  if (info !== undefined) {
    info.responseBytes += frame.payloadLength;
    info.responseMessages++;
  }
  let bytes: Uint8Array;
  if ((frame.flags & FrameFlag.COMPRESSED) === 0) {
    // A copy: the frame's bytes are reused by the next read, the response outlives it.
    bytes = ownedPayload(frame);
  } else {
    try {
      // The client announced gzip in the handshake it sent before any request.
      bytes = inflatePayload(frame.payload, true, MAX_RESPONSE_BYTES);
    } catch (error) {
      call.settle(inflateFailure(where(call, address), error));
      return;
    }
  }
  let response: unknown;
  try {
    response = call.method.responseType.decode(bytes);
  } catch (error) {
    call.settle(
      new RpcError(
        Status.INTERNAL,
        `${where(call, address)}: response does not decode as its response message: ${(error as Error).message}`,
        { cause: error },
      ),
    );
    return;
  }
  if (call.onMetadata !== undefined && !tellMetadata(call, frame, address)) return;
  call.settle(undefined, response);
}

/**
 * Hands the response's headers and trailers to the caller's listener; false (and the call
 * failed) when the meta block does not decode.
 */
function tellMetadata(call: ClientCall, frame: Frame, address: string): boolean {
  let headers: Metadata;
  let trailers: Metadata;
  try {
    const meta = decodeResponseMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    headers = toMetadata(meta.metadata);
    trailers = toMetadata(meta.trailers);
  } catch (error) {
    call.settle(
      new RpcError(
        Status.INTERNAL,
        `${where(call, address)}: the server answered with unreadable response metadata: ${(error as Error).message}`,
        { cause: error },
      ),
    );
    return false;
  }
  const listener = call.onMetadata;
  try {
    listener?.(headers, trailers);
  } catch (thrown) {
    // The caller's bug, reported like Node reports a throwing callback; the call still settles.
    queueMicrotask(() => {
      throw thrown;
    });
  }
  return true;
}

/** The call and the server, as error messages name them. */
function where(call: ClientCall, address: string): string {
  return `${call.method.path} on ${address}`;
}
