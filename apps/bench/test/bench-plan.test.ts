import { describe, expect, it } from 'vitest';
import { benchConfiguration, formatSize } from '../src/plan/bench-configuration.js';
import { buildBenchPlan, MODE_TIMING } from '../src/plan/bench-plan.js';

describe('buildBenchPlan', () => {
  it('covers every concurrency and payload on one connection, plus connection scaling, in full mode', () => {
    const plan = buildBenchPlan(false, {}, {});
    expect(plan.mode).toBe('full');
    expect(plan.timing).toEqual(MODE_TIMING.full);
    const ids = plan.configurations.map((entry) => entry.id);
    for (const payload of [16, 4096, 262_144]) {
      for (const concurrency of [1, 16, 64, 256])
        expect(ids).toContain(`c${concurrency}-p${payload}-n1`);
    }
    expect(ids).toContain('c1-p16-n100');
    expect(ids).toContain('c1-p16-n1000');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the quick mode to the goal configurations and a short timing', () => {
    const plan = buildBenchPlan(true, {}, {});
    expect(plan.mode).toBe('quick');
    const ids = plan.configurations.map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(['c64-p16-n1', 'c64-p262144-n1']));
    const { rounds, warmupMs, durationMs } = plan.timing;
    // With four targets and ~0.5 s to start two processes per round, the run stays under 2 minutes.
    const seconds = ids.length * rounds * 4 * ((warmupMs + durationMs) / 1000 + 0.5);
    expect(seconds).toBeLessThan(120);
  });

  it('runs the cross product of the overrides, in custom mode, with timing overrides applied', () => {
    const plan = buildBenchPlan(true, { concurrency: [1, 8], payloads: [32, 32] }, { rounds: 1 });
    expect(plan.mode).toBe('custom');
    expect(plan.configurations.map((entry) => entry.id).sort()).toEqual(['c1-p32-n1', 'c8-p32-n1']);
    expect(plan.timing).toEqual({ ...MODE_TIMING.quick, rounds: 1 });
  });
});

describe('benchConfiguration', () => {
  it('names and labels a configuration', () => {
    expect(benchConfiguration(100, 1, 4096)).toEqual({
      id: 'c1-p4096-n100',
      label: '1 in flight · 4 KiB · 100 conns',
      connections: 100,
      concurrency: 1,
      payloadSize: 4096,
    });
    expect(formatSize(1000)).toBe('1000 B');
    expect(formatSize(2 * 1024 * 1024)).toBe('2 MiB');
  });
});
