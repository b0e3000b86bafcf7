import { describe, expect, it } from 'vitest';
import { reusePortSupported } from '../src/index.js';

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
