import { isRpcError, RpcError, Status } from '@yrpc/rpc';

/**
 * Anything thrown on a request path (reading headers, a body, a message), as the error the
 * client gets: an RpcError as it is, anything else INTERNAL with it as the cause.
 */
export function asRpcError(error: unknown): RpcError {
  if (isRpcError(error)) return error;
  return new RpcError(Status.INTERNAL, `the request could not be read: ${String(error)}`, {
    cause: error,
  });
}
