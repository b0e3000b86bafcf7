import { describe, expect, it } from 'vitest';
import { reusePortSupported, sumStats } from '../src/index.js';

describe('sumStats', () => {
  it('adds the servers field by field, and gives zeros for none', () => {
    const one = {
      connections: 1,
      callsInFlight: 2,
      queuedCalls: 3,
      bytesIn: 4,
      bytesOut: 5,
      callsStarted: 6,
      callsFinished: 7,
      flowControlStalls: 8,
    };
    expect(sumStats([one, one])).toEqual({
      connections: 2,
      callsInFlight: 4,
      queuedCalls: 6,
      bytesIn: 8,
      bytesOut: 10,
      callsStarted: 12,
      callsFinished: 14,
      flowControlStalls: 16,
    });
    expect(sumStats([]).callsFinished).toBe(0);
  });
});

describe('reusePortSupported', () => {
  it('is true from Node 22.12 and 23.1 on, on Linux', () => {
    if (process.platform !== 'linux') return;
    expect(reusePortSupported('20.19.0')).toBe(false);
    expect(reusePortSupported('22.11.0')).toBe(false);
    expect(reusePortSupported('22.12.0')).toBe(true);
    expect(reusePortSupported('23.0.0')).toBe(false);
    expect(reusePortSupported('23.1.0')).toBe(true);
    expect(reusePortSupported('24.0.0')).toBe(true);
  });
});
