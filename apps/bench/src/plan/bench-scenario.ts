import { LIMIT_TARGET } from '../targets/target-registry.js';
import { type BenchConfiguration, benchConfiguration } from './bench-configuration.js';
import type { BenchPlan, RoundTiming } from './bench-plan.js';

/** The per-round value a scenario figure compares: a rate (higher is better) or a time. */
export type FigureMetric = 'callsPerSecond' | 'bytesPerSecond' | 'p50Us';

/** One figure a scenario reports: a metric of one configuration, as target ÷ baseline. */
export interface ScenarioFigureDefinition {
  /** Short key, e.g. `a`; stable, used in results.json. */
  readonly key: string;
  /** What the figure is, e.g. `4 KiB echo, 16 in flight: calls/s`. */
  readonly title: string;
  readonly configuration: BenchConfiguration;
  readonly metric: FigureMetric;
}

/** A named set of configurations, its timing and the figures computed from it. */
export interface BenchScenario {
  readonly name: 'flow';
  readonly description: string;
  readonly timing: RoundTiming;
  /** Targets run when `--targets` is not given. */
  readonly defaultTargets: readonly string[];
  /** The target every figure is the ratio against (the raw node:net limit). */
  readonly baseline: string;
  readonly figures: readonly ScenarioFigureDefinition[];
}

/** 15 MiB: the large-message figure of the flow-control issue (request and reply both). */
export const FLOW_LARGE_PAYLOAD = 15 * 1024 * 1024;

/**
 * The flow-control figures, in one run, each as a ratio against the raw node:net limit:
 * (a) 4 KiB at 16 in flight, calls/s; (b) 256 KiB at 16 in flight, MB/s; (c) 15 MiB one call at
 * a time, median time per call; (d) 16 B at 64 in flight, calls/s (the small-message figure the
 * quick mode's goals are stated on, so a regression shows). All on one connection.
 *
 * Timing keeps a run of three targets to about 1.5 minutes on an idle 2-core machine: three
 * rounds of 1 s per configuration; the 15 MiB window stays open until at least 3 calls completed;
 * a target whose calls do not come back fails its round after 10 s instead of hanging, and calls
 * still unanswered 2 s after a window closed are counted (`unfinishedCalls`) and left behind.
 */
export const FLOW_SCENARIO: BenchScenario = {
  name: 'flow',
  description: 'flow-control figures: 4 KiB and 256 KiB at 16 in flight, one 15 MiB echo, 16 B',
  timing: {
    rounds: 3,
    warmupMs: 300,
    durationMs: 1000,
    minCalls: 3,
    stallTimeoutMs: 10_000,
    drainTimeoutMs: 2_000,
  },
  defaultTargets: ['yrpc', 'net', LIMIT_TARGET],
  baseline: LIMIT_TARGET,
  figures: [
    {
      key: 'a',
      title: '4 KiB echo, 16 in flight: calls/s',
      configuration: benchConfiguration(1, 16, 4 * 1024),
      metric: 'callsPerSecond',
    },
    {
      key: 'b',
      title: '256 KiB echo, 16 in flight: MB/s',
      configuration: benchConfiguration(1, 16, 256 * 1024),
      metric: 'bytesPerSecond',
    },
    {
      key: 'c',
      title: '15 MiB echo, one call at a time: median time per call',
      configuration: benchConfiguration(1, 1, FLOW_LARGE_PAYLOAD),
      metric: 'p50Us',
    },
    {
      key: 'd',
      title: '16 B echo, 64 in flight: calls/s',
      configuration: benchConfiguration(1, 64, 16),
      metric: 'callsPerSecond',
    },
  ],
};

/** Every scenario `--scenario` accepts, by name. */
export const SCENARIOS: Readonly<Record<string, BenchScenario>> = { flow: FLOW_SCENARIO };

/** Names `--scenario` accepts. */
export const SCENARIO_NAMES: readonly string[] = Object.keys(SCENARIOS);

/** The scenario called `name`, or `undefined`. */
export function findScenario(name: string): BenchScenario | undefined {
  return Object.hasOwn(SCENARIOS, name) ? SCENARIOS[name] : undefined;
}

/** The plan of a scenario run: its figures' configurations, its timing with overrides applied. */
export function buildScenarioPlan(
  scenario: BenchScenario,
  timing: Partial<RoundTiming> = {},
): BenchPlan {
  const configurations: BenchConfiguration[] = [];
  for (const figure of scenario.figures) {
    if (!configurations.some((entry) => entry.id === figure.configuration.id)) {
      configurations.push(figure.configuration);
    }
  }
  return { mode: scenario.name, timing: { ...scenario.timing, ...timing }, configurations };
}
