import { describe, expect, it } from 'vitest';
import { ServerCall } from '../src/server/server-call.js';

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
    new Uint8Array(0),
  );
}

describe('ServerCall', () => {
  it('turns metadata entries into an object once', () => {
    const c = call();
    expect(c.metadata).toEqual({ x: '1', y: '2' });
    expect(c.metadata).toBe(c.metadata);
  });

  it('has no idempotency key when the meta carried none, and decodes one that it carried', () => {
    expect(call().idempotencyKey).toBeUndefined();
    const keyed = new ServerCall(1, '/a.B/C', 'p', [], undefined, new TextEncoder().encode('k-1'));
    expect(keyed.idempotencyKey).toBe('k-1');
  });

  it('collects headers and trailers only once set, and none after the call is answered', () => {
    const c = call();
    expect(c.headers).toBeUndefined();
    expect(c.trailers).toBeUndefined();
    c.setHeader('h', '1');
    c.setTrailer('t', '2');
    c.setTrailer('t', '3');
    c.finished = true;
    c.setHeader('late', 'x');
    expect(c.headers).toEqual([{ key: 'h', value: '1' }]);
    expect(c.trailers).toEqual([
      { key: 't', value: '2' },
      { key: 't', value: '3' },
    ]);
  });

  it('refuses a header or trailer key the protocol does not allow, naming it', () => {
    const c = call();
    expect(() => c.setHeader('Upper-Case', 'v')).toThrow(/response header key/);
    expect(() => c.setTrailer('', 'v')).toThrow(/response trailer key/);
    expect(c.headers).toBeUndefined();
    expect(c.trailers).toBeUndefined();
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
