import { describe, expect, it } from 'vitest';
import { PollerError } from '../src/poller-error.js';

describe('PollerError', () => {
  it('carries a stable code, a name and a cause', () => {
    const cause = new Error('reset');
    const error = new PollerError('source-closed', 'the socket closed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PollerError');
    expect(error.code).toBe('source-closed');
    expect(error.cause).toBe(cause);
  });

  it('is() recognises codes, also through a brand when instanceof would fail', () => {
    const timeout = new PollerError('timeout', 'too slow');
    expect(PollerError.is(timeout)).toBe(true);
    expect(PollerError.is(timeout, 'timeout')).toBe(true);
    expect(PollerError.is(timeout, 'deregistered')).toBe(false);
    expect(PollerError.isTimeout(timeout)).toBe(true);
    expect(PollerError.isTimeout(new Error('timeout'))).toBe(false);
    expect(PollerError.is(null)).toBe(false);
    const foreign = Object.assign(
      Object.create({ [Symbol.for('@yrpc/poller.PollerError')]: true }),
      {
        code: 'timeout',
      },
    );
    expect(PollerError.isTimeout(foreign)).toBe(true);
  });
});
