import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PingGuard } from '../src/connection/ping-guard.js';
import { Status } from '../src/index.js';

describe('PingGuard', () => {
  it('sends away a client past its strikes, with a message naming the option', () => {
    const guard = new PingGuard({ minPingIntervalMs: 100, maxPingStrikes: 2 });
    expect(guard.ping(0, 'peer')).toBeUndefined();
    expect(guard.ping(10, 'peer')).toBeUndefined();
    expect(guard.ping(20, 'peer')).toBeUndefined();
    const offence = guard.ping(30, 'peer');
    expect(offence?.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(offence?.message).toMatch(/ENHANCE_YOUR_CALM.*peer sent 3 PINGs.*minPingIntervalMs/);
  });

  it('forgives strikes once a PING is spaced as allowed', () => {
    const guard = new PingGuard({ minPingIntervalMs: 100, maxPingStrikes: 1 });
    guard.ping(0, 'p');
    expect(guard.ping(50, 'p')).toBeUndefined();
    expect(guard.ping(200, 'p')).toBeUndefined();
    expect(guard.ping(250, 'p')).toBeUndefined();
    expect(guard.ping(260, 'p')).toBeDefined();
  });

  it('never complains about PINGs spaced at least the minimum apart', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 10_000 }), { maxLength: 50 }), (gaps) => {
        const guard = new PingGuard({ minPingIntervalMs: 100, maxPingStrikes: 0 });
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (guard.ping(now, 'p') !== undefined) return false;
        }
        return true;
      }),
    );
  });
});
