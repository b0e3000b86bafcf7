import * as coroutine from '@yrpc/coroutine';
import { describe, expect, it } from 'vitest';
import * as poller from '../src/index.js';
import { run, sleep } from '../src/runtime.js';

describe('@yrpc/poller public API', () => {
  it('re-exports every value of @yrpc/coroutine except its run and sleep, which it replaces', () => {
    const exported: Record<string, unknown> = { ...poller };
    for (const [name, value] of Object.entries(coroutine)) {
      if (name === 'run') {
        expect(poller.runCoroutine).toBe(value);
        expect(poller.run).toBe(run);
      } else if (name === 'sleep') {
        expect(poller.sleep).toBe(sleep);
        expect(poller.sleep).not.toBe(value);
      } else {
        expect(exported[name], name).toBe(value);
      }
    }
  });
});
