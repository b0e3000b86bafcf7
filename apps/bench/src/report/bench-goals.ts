import type { BenchResults, TargetResult } from '../results/bench-results.js';
import type { Spread } from '../stats/statistics.js';
import { formatRatio } from './format-figures.js';

/** One of the project's stated speed goals, checked against a run. */
export interface GoalCheck {
  readonly goal: string;
  readonly status: 'met' | 'missed' | 'not measured';
  /** The measured ratio (median of the round-by-round ratios, with their range). */
  readonly figure: string;
}

interface GoalDefinition {
  readonly goal: string;
  readonly configurationId: string;
  readonly ratio: (result: TargetResult) => Spread | undefined;
  readonly met: (median: number) => boolean;
}

const GOALS: readonly GoalDefinition[] = [
  {
    goal: 'calls/s at 64 in flight, 16 B: at least 50× grpc-js',
    configurationId: 'c64-p16-n1',
    ratio: (result) => result.ratios.throughputVsGrpc,
    met: (median) => median >= 50,
  },
  {
    goal: 'calls/s at 64 in flight, 16 B: at least 50% of the raw limit',
    configurationId: 'c64-p16-n1',
    ratio: (result) => result.ratios.throughputVsLimit,
    met: (median) => median >= 0.5,
  },
  {
    goal: 'MB/s at 64 in flight, 256 KiB: at least 80% of the raw limit',
    configurationId: 'c64-p262144-n1',
    ratio: (result) => result.ratios.throughputVsLimit,
    met: (median) => median >= 0.8,
  },
  {
    goal: 'p99 latency at 64 in flight, 16 B: at most 2× the raw limit',
    configurationId: 'c64-p16-n1',
    ratio: (result) => result.ratios.p99VsLimit,
    met: (median) => median <= 2,
  },
];

/** Checks the project's goals for `target` (normally `yrpc`) against the run's ratios. */
export function checkGoals(results: BenchResults, target: string): GoalCheck[] {
  return GOALS.map((definition) => {
    const configuration = results.configurations.find(
      (entry) => entry.configuration.id === definition.configurationId,
    );
    const result = configuration?.targets.find((entry) => entry.target === target);
    const ratio = result === undefined ? undefined : definition.ratio(result);
    if (ratio === undefined) {
      return { goal: definition.goal, status: 'not measured', figure: '—' };
    }
    return {
      goal: definition.goal,
      status: definition.met(ratio.median) ? 'met' : 'missed',
      figure: formatRatio(ratio),
    };
  });
}
