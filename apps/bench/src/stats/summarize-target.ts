import type { RoundMeasurement, TargetRatios, TargetSummary } from '../results/bench-results.js';
import { roundRatios, type Spread, spread } from './statistics.js';

type NumericField = {
  [K in keyof RoundMeasurement]-?: RoundMeasurement[K] extends number ? K : never;
}[keyof RoundMeasurement];

function spreadOf(rounds: readonly RoundMeasurement[], field: NumericField): Spread {
  return spread(rounds.map((round) => round[field]));
}

/** Median and spread of every figure; `undefined` when there are no rounds. */
export function summarizeRounds(rounds: readonly RoundMeasurement[]): TargetSummary | undefined {
  if (rounds.length === 0) return undefined;
  return {
    callsPerSecond: spreadOf(rounds, 'callsPerSecond'),
    bytesPerSecond: spreadOf(rounds, 'bytesPerSecond'),
    p50Us: spreadOf(rounds, 'p50Us'),
    p99Us: spreadOf(rounds, 'p99Us'),
    p999Us: spreadOf(rounds, 'p999Us'),
    clientCpuUsPerCall: spreadOf(rounds, 'clientCpuUsPerCall'),
    serverCpuUsPerCall: spreadOf(rounds, 'serverCpuUsPerCall'),
    clientMaxRssKiB: spreadOf(rounds, 'clientMaxRssKiB'),
    serverMaxRssKiB: spreadOf(rounds, 'serverMaxRssKiB'),
  };
}

/**
 * `field` of `target` ÷ `field` of `baseline`, paired round by round, then summarised; `undefined`
 * when no round pairs up (or there is no baseline).
 */
export function pairedSpread(
  target: readonly RoundMeasurement[],
  baseline: readonly RoundMeasurement[] | undefined,
  field: NumericField,
): Spread | undefined {
  if (baseline === undefined) return undefined;
  const values = (rounds: readonly RoundMeasurement[]) =>
    rounds.map((round) => ({ round: round.round, value: round[field] }));
  const ratios = roundRatios(values(target), values(baseline));
  return ratios.length === 0 ? undefined : spread(ratios);
}

/**
 * Round-by-round ratios of a target against the grpc-js and raw-limit rounds of the same
 * configuration (pass `undefined` for a baseline that was not measured).
 */
export function ratiosAgainst(
  target: readonly RoundMeasurement[],
  grpc: readonly RoundMeasurement[] | undefined,
  limit: readonly RoundMeasurement[] | undefined,
): TargetRatios {
  const throughputVsGrpc = pairedSpread(target, grpc, 'callsPerSecond');
  const throughputVsLimit = pairedSpread(target, limit, 'callsPerSecond');
  const p99VsLimit = pairedSpread(target, limit, 'p99Us');
  return {
    ...(throughputVsGrpc && { throughputVsGrpc }),
    ...(throughputVsLimit && { throughputVsLimit }),
    ...(p99VsLimit && { p99VsLimit }),
  };
}
