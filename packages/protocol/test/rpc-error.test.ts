import { describe, expect, it } from 'vitest';
import { isRpcError, RpcError, Status } from '../src/index.js';

describe('RpcError', () => {
  it('carries code, message, details and metadata', () => {
    const details = [{ typeUrl: 'type.example/x', value: Uint8Array.of(1) }];
    const metadata = [{ key: 'retry-after', value: '3' }];
    const error = new RpcError(Status.NOT_FOUND, 'no such user', { details, metadata });
    expect(error).toMatchObject({
      code: 5,
      message: 'no such user',
      details,
      metadata,
      name: 'RpcError',
    });
    expect(error.codeName).toBe('NOT_FOUND');
  });

  it('never holds OK or a non-code: those become UNKNOWN', () => {
    expect(new RpcError(Status.OK, 'x').code).toBe(Status.UNKNOWN);
    expect(new RpcError(99 as never, 'x').code).toBe(Status.UNKNOWN);
  });

  it('is recognised by its Symbol.for brand across copies of the package', () => {
    const foreign = { [Symbol.for('@yrpc/protocol/RpcError')]: true, code: 4 };
    expect(isRpcError(new RpcError(Status.ABORTED, 'x'))).toBe(true);
    expect(isRpcError(foreign)).toBe(true);
    expect(isRpcError(new Error('x'))).toBe(false);
    expect(isRpcError(null)).toBe(false);
  });
});
