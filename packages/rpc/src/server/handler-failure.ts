import { isRpcError, RpcError, Status } from '@yrpc/protocol';
import type { MethodPath } from '../service/method-path.js';

/**
 * The error a client receives for a handler that threw `error`: the handler's own `RpcError`
 * as it is; anything else INTERNAL, with the error's message and, only when the server was told to
 * expose them, its stack.
 */
export function handlerFailure(error: unknown, method: MethodPath, exposeStack: boolean): RpcError {
  if (isRpcError(error)) return error;
  const detail =
    error instanceof Error
      ? exposeStack && error.stack !== undefined
        ? error.stack
        : `${error.name}: ${error.message}`
      : `non-error value thrown: ${String(error)}`;
  return new RpcError(Status.INTERNAL, `handler of ${method} failed: ${detail}`, { cause: error });
}

/** INVALID_ARGUMENT for a request payload that does not decode as the method's request type. */
export function undecodableRequest(method: MethodPath, cause: unknown): RpcError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new RpcError(
    Status.INVALID_ARGUMENT,
    `request to ${method} does not decode as its request message: ${reason}`,
    { cause },
  );
}

/** INTERNAL for a handler result that does not encode as the method's response type. */
export function unencodableResponse(method: MethodPath, cause: unknown): RpcError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new RpcError(
    Status.INTERNAL,
    `handler of ${method} returned a value that does not encode as its response message: ${reason}`,
    { cause },
  );
}

/** UNIMPLEMENTED for a method this server does not know, or knows but has no handler for. */
export function unimplemented(method: string, known: boolean): RpcError {
  return new RpcError(
    Status.UNIMPLEMENTED,
    known
      ? `method ${method} is not implemented by this server`
      : `unknown method ${method}: no service registered on this server has it`,
  );
}
