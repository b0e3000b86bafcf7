import { describe, expect, it } from 'vitest';
import {
  buildScenarioPlan,
  FLOW_LARGE_PAYLOAD,
  FLOW_SCENARIO,
  findScenario,
  SCENARIO_NAMES,
} from '../src/plan/bench-scenario.js';
import { RAW_MAX_PAYLOAD } from '../src/targets/raw/raw-frame.js';
import { TARGET_NAMES } from '../src/targets/target-registry.js';

describe('the flow scenario', () => {
  it('measures exactly the four flow-control configurations, each on one connection', () => {
    const plan = buildScenarioPlan(FLOW_SCENARIO);
    expect(plan.mode).toBe('flow');
    expect(plan.configurations.map((entry) => entry.id)).toEqual([
      'c16-p4096-n1',
      'c16-p262144-n1',
      `c1-p${15 * 1024 * 1024}-n1`,
      'c64-p16-n1',
    ]);
    expect(plan.configurations[2]?.label).toBe('1 in flight · 15 MiB · 1 conn');
    expect(FLOW_LARGE_PAYLOAD).toBeLessThanOrEqual(RAW_MAX_PAYLOAD);
  });

  it('reads a rate from (a), (b), (d) and the median time per call from (c)', () => {
    expect(FLOW_SCENARIO.figures.map((figure) => [figure.key, figure.metric])).toEqual([
      ['a', 'callsPerSecond'],
      ['b', 'bytesPerSecond'],
      ['c', 'p50Us'],
      ['d', 'callsPerSecond'],
    ]);
    expect(FLOW_SCENARIO.baseline).toBe('raw');
    for (const target of FLOW_SCENARIO.defaultTargets) expect(TARGET_NAMES).toContain(target);
  });

  it('bounds every round and keeps three targets under 3 minutes even when one stalls', () => {
    const { timing, configurations } = buildScenarioPlan(FLOW_SCENARIO);
    expect(timing.stallTimeoutMs).toBeGreaterThan(0);
    expect(timing.minCalls).toBeGreaterThanOrEqual(3);
    const targets = FLOW_SCENARIO.defaultTargets.length;
    // ~2 s per round to start two Node processes and tear them down on this machine.
    const perRound = (timing.warmupMs + timing.durationMs) / 1000 + 2;
    const rounds = configurations.length * timing.rounds * targets;
    // One target stalling in every round of one configuration waits stallTimeoutMs each time.
    const stalls = timing.rounds * ((timing.stallTimeoutMs ?? 0) / 1000);
    expect(rounds * perRound + stalls).toBeLessThan(180);
  });

  it('applies timing overrides and keeps the rest of the scenario timing', () => {
    const plan = buildScenarioPlan(FLOW_SCENARIO, { rounds: 1, durationMs: 500 });
    expect(plan.timing).toEqual({ ...FLOW_SCENARIO.timing, rounds: 1, durationMs: 500 });
  });

  it('is found by name, and only known names are', () => {
    expect(SCENARIO_NAMES).toEqual(['flow']);
    expect(findScenario('flow')).toBe(FLOW_SCENARIO);
    expect(findScenario('large')).toBeUndefined();
    expect(findScenario('toString')).toBeUndefined();
  });
});
