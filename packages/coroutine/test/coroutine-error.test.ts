import { describe, expect, it } from 'vitest';
import { CoroutineError } from '../src/index.js';

describe('CoroutineError', () => {
  it('has a stable code and name', () => {
    const error = new CoroutineError('channel-closed', 'closed');
    expect(error.code).toBe('channel-closed');
    expect(error.name).toBe('CoroutineError');
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised through the Symbol.for brand, across copies', () => {
    const foreign = Object.create(
      Object.defineProperty({}, Symbol.for('@yrpc/coroutine.CoroutineError'), { value: true }),
    );
    foreign.code = 'halted';
    expect(CoroutineError.is(foreign)).toBe(true);
    expect(CoroutineError.isHalt(foreign)).toBe(true);
    expect(CoroutineError.is(foreign, 'channel-closed')).toBe(false);
    expect(CoroutineError.is(new Error('x'))).toBe(false);
    expect(CoroutineError.is(null)).toBe(false);
  });
});
