import { describe, expect, it } from 'vitest';
import { ServerCall } from '../src/server-call.js';

function call(): ServerCall {
  return new ServerCall(
    7,
    '/a.B/C',
    '127.0.0.1:1',
    [
      { key: 'x', value: '1' },
      { key: 'y', value: '2' },
    ],
    undefined,
  );
}

describe('ServerCall', () => {
  it('turns metadata entries into an object once', () => {
    const c = call();
    expect(c.metadata).toEqual({ x: '1', y: '2' });
    expect(c.metadata).toBe(c.metadata);
  });

  it('aborts a signal taken before the cancel, with the first reason', () => {
    const c = call();
    const signal = c.signal;
    expect(signal.aborted).toBe(false);
    const first = new Error('first');
    c.cancel(first);
    c.cancel(new Error('second'));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(first);
    expect(c.cancelled).toBe(true);
  });

  it('gives an aborted signal when asked after the cancel', () => {
    const c = call();
    c.cancel(new Error('gone'));
    expect(c.signal.aborted).toBe(true);
    expect((c.signal.reason as Error).message).toBe('gone');
  });
});
