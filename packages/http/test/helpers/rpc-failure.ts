import { isRpcError, type RpcError } from '@yrpc/rpc';

/** The RpcError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rpcFailure(promise: Promise<unknown>): Promise<RpcError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isRpcError(caught)) throw new Error(`expected an RpcError, got ${String(caught)}`);
  return caught;
}
