import { type Frame, RpcError, Status } from '@yrpc/protocol';
import type { MethodDefinition } from '../service/method-definition.js';

/**
 * Why a REQUEST does not fit its method's kind (PROTOCOL.md section 7), or `undefined` when it
 * does: a call with one request message carries it with END_STREAM; a request stream opens with
 * a REQUEST that carries no message. A mismatch means the two sides disagree on the `.proto`.
 */
export function requestShapeError(
  definition: MethodDefinition,
  frame: Frame,
): RpcError | undefined {
  if (definition.requestStream) {
    if (frame.payloadEnd === frame.metaEnd) return undefined;
    return new RpcError(
      Status.INVALID_ARGUMENT,
      `${definition.path} takes a stream of requests, but the client sent one request message (do both sides use the same .proto?)`,
    );
  }
  if (frame.endStream) return undefined;
  return new RpcError(
    Status.INVALID_ARGUMENT,
    `${definition.path} takes one request message, but the client opened a request stream (do both sides use the same .proto?)`,
  );
}
