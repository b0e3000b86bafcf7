import type { BenchResults, ConfigurationResult, TargetResult } from '../results/bench-results.js';
import type { Spread } from '../stats/statistics.js';
import { pairedSpread } from '../stats/summarize-target.js';
import {
  GRPC_JS_TO_YRPC_TARGET,
  GRPC_TARGET,
  YRPC_DETECTING_TARGET,
  YRPC_GRPC_CLIENT_TARGET,
  YRPC_INTERCEPTORS_TARGET,
  YRPC_TARGET,
  YRPC_TRACED_TARGET,
  YRPC_UNCONVERTED_TARGET,
} from '../targets/target-registry.js';
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
  /** The ratio for `target` in the goal's configuration; `undefined` when it was not measured. */
  readonly ratio: (configuration: ConfigurationResult, target: string) => Spread | undefined;
  readonly met: (median: number) => boolean;
}

function resultOf(configuration: ConfigurationResult, target: string): TargetResult | undefined {
  return configuration.targets.find((entry) => entry.target === target);
}

/** A goal on one of the ratios stored with `target`'s result (against grpc-js or the raw limit). */
function storedRatio(pick: (result: TargetResult) => Spread | undefined): GoalDefinition['ratio'] {
  return (configuration, target) => {
    const result = resultOf(configuration, target);
    return result === undefined ? undefined : pick(result);
  };
}

/**
 * `field` (calls/s unless given) of the target `over` ÷ the target `under`'s, paired round by
 * round: measured whenever both ran in the goal's configuration, whatever else did (the gRPC goals
 * compare two targets with grpc-js, and hold in a run without yrpc). A goal of the yrpc project:
 * checked for `yrpc`, as the summary does, and not measured for any other target.
 */
function pairedRatio(
  over: string,
  under: string,
  field: 'callsPerSecond' | 'serverCpuUsPerCall' = 'callsPerSecond',
): GoalDefinition['ratio'] {
  return (configuration, target) => {
    if (target !== YRPC_TARGET) return undefined;
    const numerator = resultOf(configuration, over);
    const denominator = resultOf(configuration, under);
    if (numerator === undefined || denominator === undefined) return undefined;
    return pairedSpread(numerator.rounds, denominator.rounds, field);
  };
}

const GOALS: readonly GoalDefinition[] = [
  {
    goal: 'calls/s at 64 in flight, 16 B: at least 50× grpc-js',
    configurationId: 'c64-p16-n1',
    ratio: storedRatio((result) => result.ratios.throughputVsGrpc),
    met: (median) => median >= 50,
  },
  {
    goal: 'calls/s at 64 in flight, 16 B: at least 50% of the raw limit',
    configurationId: 'c64-p16-n1',
    ratio: storedRatio((result) => result.ratios.throughputVsLimit),
    met: (median) => median >= 0.5,
  },
  {
    goal: 'MB/s at 64 in flight, 256 KiB: at least 80% of the raw limit',
    configurationId: 'c64-p262144-n1',
    ratio: storedRatio((result) => result.ratios.throughputVsLimit),
    met: (median) => median >= 0.8,
  },
  {
    goal: 'p99 latency at 64 in flight, 16 B: at most 2× the raw limit',
    configurationId: 'c64-p16-n1',
    ratio: storedRatio((result) => result.ratios.p99VsLimit),
    met: (median) => median <= 2,
  },
  {
    goal:
      'calls/s at 64 in flight, 16 B with a no-op client and a no-op server interceptor: ' +
      "at least 90% of yrpc's",
    configurationId: 'c64-p16-n1',
    // yrpc with a no-op server and a no-op client interceptor ÷ yrpc.
    ratio: pairedRatio(YRPC_INTERCEPTORS_TARGET, YRPC_TARGET),
    met: (median) => median >= 0.9,
  },
  {
    goal:
      "calls/s at 64 in flight, 16 B: at least 95% of yrpc-unconverted's " +
      '(message conversion costs at most 5%)',
    configurationId: 'c64-p16-n1',
    // yrpc ÷ yrpc with the protobufjs Types as Echo codecs, what it was before message conversion.
    ratio: pairedRatio(YRPC_TARGET, YRPC_UNCONVERTED_TARGET),
    met: (median) => median >= 0.95,
  },
  {
    goal: "calls/s at 64 in flight, 16 B with tracing: at least 80% of yrpc's",
    configurationId: 'c64-p16-n1',
    // yrpc traced by @yrpc/otel (server and client spans, a no-op exporter) ÷ yrpc.
    ratio: pairedRatio(YRPC_TRACED_TARGET, YRPC_TARGET),
    met: (median) => median >= 0.8,
  },
  {
    goal:
      'a grpc-js client at 64 in flight, 16 B: at least 2× the calls/s calling yrpc over gRPC ' +
      'as calling a grpc-js server',
    configurationId: 'c64-p16-n1',
    // The grpc-js client calling the yrpc server (@yrpc/http) ÷ calling the grpc-js server.
    ratio: pairedRatio(GRPC_JS_TO_YRPC_TARGET, GRPC_TARGET),
    met: (median) => median >= 2,
  },
  {
    goal:
      'a grpc-js client at 64 in flight, 16 B: the yrpc server over gRPC spends at most half ' +
      "the grpc-js server's CPU per call",
    configurationId: 'c64-p16-n1',
    ratio: pairedRatio(GRPC_JS_TO_YRPC_TARGET, GRPC_TARGET, 'serverCpuUsPerCall'),
    met: (median) => median <= 0.5,
  },
  {
    goal:
      'calling a grpc-js server at 64 in flight, 16 B: the yrpc client in gRPC mode makes at ' +
      "least 3× the grpc-js client's calls/s",
    configurationId: 'c64-p16-n1',
    ratio: pairedRatio(YRPC_GRPC_CLIENT_TARGET, GRPC_TARGET),
    met: (median) => median >= 3,
  },
  {
    goal:
      "calls/s at 64 in flight, 16 B on a server that also serves HTTP: within 3% of yrpc's " +
      '(telling protocols apart costs the yrpc protocol nothing)',
    configurationId: 'c64-p16-n1',
    ratio: pairedRatio(YRPC_DETECTING_TARGET, YRPC_TARGET),
    met: (median) => median >= 0.97 && median <= 1.03,
  },
];

/**
 * Checks the project's goals for `target` (normally `yrpc`) against the run's ratios: those stored
 * with `target`'s results, and (for `yrpc` only) those of two targets that ran side by side.
 */
export function checkGoals(results: BenchResults, target: string): GoalCheck[] {
  return GOALS.map((definition) => {
    const configuration = results.configurations.find(
      (entry) => entry.configuration.id === definition.configurationId,
    );
    const ratio = configuration === undefined ? undefined : definition.ratio(configuration, target);
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
