import { isRpcError, type RpcError } from '@yrpc/protocol';

/** The RpcError `run` throws; fails the test when it throws nothing or something else. */
export function caught(run: () => unknown): RpcError {
  try {
    run();
  } catch (error) {
    if (isRpcError(error)) return error;
    throw error;
  }
  throw new Error('expected an RpcError');
}
