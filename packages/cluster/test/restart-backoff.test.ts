import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../src/restart-backoff.js';

describe('RestartBackoff', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, resetAfterMs: 5000 };

  it('doubles the delay for each crash in a row, up to the bound', () => {
    const backoff = new RestartBackoff(policy);
    expect([0, 0, 0, 0, 0, 0].map(() => backoff.crashed(10))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoff.crashes).toBe(6);
  });

  it('starts again from the first delay after a worker stayed up resetAfterMs', () => {
    const backoff = new RestartBackoff(policy);
    backoff.crashed(0);
    backoff.crashed(0);
    expect(backoff.crashed(4999)).toBe(400);
    expect(backoff.crashed(5000)).toBe(100);
    expect(backoff.crashed(0)).toBe(200);
  });
});
