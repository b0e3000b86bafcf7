import { describe, expect, it } from 'vitest';
import type { CallContext } from '../src/call/call-context.js';
import { currentCallContext, runInCallScope } from '../src/call/call-scope.js';
import { Client } from '../src/index.js';

// Each test file runs in a fresh module graph: nothing has asked for the current call yet.

const call = { method: 'yrpc.test.Scope/Read' } as unknown as CallContext;

describe('the call scope of async handlers in a process with a Client', () => {
  it('is kept across awaits from the first handler on', async () => {
    const client = new Client({ host: '127.0.0.1', port: 1 });
    try {
      const seen = await runInCallScope(
        call,
        async () => {
          await Promise.resolve();
          return currentCallContext();
        },
        undefined,
        'async',
      );
      expect(seen).toBe(call);
    } finally {
      await client.close();
    }
  });
});
