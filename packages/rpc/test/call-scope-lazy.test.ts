import { describe, expect, it } from 'vitest';
import type { CallContext } from '../src/call/call-context.js';
import { currentCallContext, runInCallScope } from '../src/call/call-scope.js';

// Each test file runs in a fresh module graph: nothing in this process has made a Client or
// asked for the current call before this test.

const call = { method: 'yrpc.test.Scope/Read' } as unknown as CallContext;

/** An async handler that reads the current call after an await. */
const readAfterAwait = async (): Promise<CallContext | undefined> => {
  await Promise.resolve();
  return currentCallContext();
};

describe('the call scope of async handlers in a process that makes no calls', () => {
  it('is not kept across awaits until something asks for it, then is', async () => {
    // No AsyncLocalStorage yet: the call is there for the synchronous part only.
    let syncPart: CallContext | undefined;
    const read = runInCallScope(
      call,
      async () => {
        syncPart = currentCallContext();
        await Promise.resolve();
        return currentCallContext();
      },
      undefined,
      'async',
    );
    expect(syncPart).toBe(call);
    expect(await read).toBeUndefined();
    // Having been asked (above), handlers started from now on keep it across their awaits.
    expect(await runInCallScope(call, readAfterAwait, undefined, 'async')).toBe(call);
    expect(await runInCallScope(call, readAfterAwait, undefined, 'async-generator')).toBe(call);
  });
});
