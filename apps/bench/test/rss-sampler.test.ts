import { describe, expect, it } from 'vitest';
import { LoopDelayMonitor } from '../src/process/loop-delay.js';
import { type MemoryProbe, RssSampler } from '../src/process/rss-sampler.js';

function fakeProbe(rssKiB: number[], maxRssKiB: number[]): MemoryProbe {
  return {
    rssBytes: () => (rssKiB.shift() ?? 0) * 1024,
    maxRssKiB: () => maxRssKiB.shift() ?? 0,
  };
}

describe('RssSampler', () => {
  it('reports nothing before the stream starts', () => {
    expect(new RssSampler(fakeProbe([], []), 0).trace()).toBeUndefined();
  });

  it('reports the highest sample since the start as the peak', () => {
    const sampler = new RssSampler(
      fakeProbe([50_000, 70_000, 60_000, 55_000], [80_000, 80_000]),
      0,
    );
    sampler.start();
    sampler.sample();
    sampler.sample();
    expect(sampler.trace()).toEqual({
      atStartKiB: 50_000,
      peakKiB: 70_000,
      growthKiB: 20_000,
      samples: 4,
    });
  });

  it('takes a new process-wide maxRSS as the peak it fell between two samples', () => {
    // RSS rose to 90 MB and fell back between samples; maxRSS moved from 80 MB to 90 MB.
    const sampler = new RssSampler(fakeProbe([50_000, 52_000], [80_000, 90_000]), 0);
    sampler.start();
    expect(sampler.trace()).toMatchObject({ peakKiB: 90_000, growthKiB: 40_000 });
  });

  it('keeps the first baseline when started again', () => {
    const sampler = new RssSampler(fakeProbe([50_000, 99_000, 51_000], [1, 1]), 0);
    sampler.start();
    sampler.start();
    expect(sampler.trace()?.atStartKiB).toBe(50_000);
  });
});

describe('LoopDelayMonitor', () => {
  it('reports the longest gap between ticks beyond the tick interval, the current one included', () => {
    let now = 0;
    const monitor = new LoopDelayMonitor(() => now);
    expect(monitor.maxDelayMs()).toBeUndefined();
    monitor.start();
    now = 10;
    monitor.tick();
    now = 250;
    monitor.tick();
    now = 262;
    monitor.tick();
    expect(monitor.maxDelayMs()).toBe(230);
    // Blocked since the last tick: the reading itself sees the gap.
    now = 1262;
    expect(monitor.maxDelayMs()).toBe(990);
    monitor.stop();
  });
});
