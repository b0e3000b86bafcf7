import { describe, expect, it } from 'vitest';
import {
  NetError,
  ProtocolError,
  RpcError,
  Status,
  statusOfError,
  toRpcError,
} from '../src/index.js';

function systemError(code: string): Error {
  return Object.assign(new Error(`${code} happened`), { code });
}

describe('statusOfError / toRpcError', () => {
  it.each([
    [new RpcError(Status.ABORTED, 'x'), Status.ABORTED],
    [new ProtocolError('frame-too-large', 'x', 1), Status.RESOURCE_EXHAUSTED],
    [new NetError('refused', 'x'), Status.UNAVAILABLE],
    [new NetError('timeout', 'x'), Status.DEADLINE_EXCEEDED],
    [new NetError('aborted', 'x'), Status.CANCELLED],
    [systemError('ECONNRESET'), Status.UNAVAILABLE],
    [systemError('ETIMEDOUT'), Status.DEADLINE_EXCEEDED],
    [systemError('ENOENT'), Status.NOT_FOUND],
    [systemError('EACCES'), Status.PERMISSION_DENIED],
    [systemError('EMFILE'), Status.RESOURCE_EXHAUSTED],
    [systemError('ERR_INVALID_ARG_TYPE'), Status.INVALID_ARGUMENT],
    [new DOMException('stop', 'AbortError'), Status.CANCELLED],
    [new DOMException('late', 'TimeoutError'), Status.DEADLINE_EXCEEDED],
    [new TypeError('bug'), Status.UNKNOWN],
    ['a string', Status.UNKNOWN],
    [undefined, Status.UNKNOWN],
  ])('maps %o to %i', (error, status) => {
    expect(statusOfError(error)).toBe(status);
    expect(toRpcError(error).code).toBe(status);
  });

  it('returns an RpcError as is and keeps the original as cause otherwise', () => {
    const rpc = new RpcError(Status.INTERNAL, 'x');
    expect(toRpcError(rpc)).toBe(rpc);
    const original = systemError('EPIPE');
    const wrapped = toRpcError(original);
    expect(wrapped.message).toBe('EPIPE happened');
    expect(wrapped.cause).toBe(original);
    expect(toRpcError(42).message).toBe('non-error value thrown: 42');
  });
});
