import {
  type FeedConfiguration,
  STREAMING_SCENARIO,
  type StreamingGoal,
} from '../plan/streaming-scenario.js';
import type {
  FeedConfigurationResult,
  FeedRatios,
  FeedRoundMeasurement,
  FeedSummary,
  FeedTargetResult,
  SlowConsumerResult,
  StreamingGoalCheck,
} from '../results/streaming-results.js';
import type { FeedFlowControl } from '../targets/feed-target.js';
import { GRPC_TARGET, LIMIT_TARGET } from '../targets/target-registry.js';
import { roundRatios, type Spread, spread } from './statistics.js';

/** The target the scenario's goals are stated on. */
export const STREAMING_GOAL_TARGET = 'yrpc';

function spreadOf(values: readonly (number | undefined)[]): Spread | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : spread(present);
}

/** Median and spread of every figure; `undefined` when there are no rounds. */
export function summarizeFeedRounds(
  rounds: readonly FeedRoundMeasurement[],
): FeedSummary | undefined {
  if (rounds.length === 0) return undefined;
  const of = (pick: (round: FeedRoundMeasurement) => number) => spread(rounds.map(pick));
  const serverRssGrowthKiB = spreadOf(rounds.map((round) => round.serverRss?.growthKiB));
  const clientRssGrowthKiB = spreadOf(rounds.map((round) => round.clientRss?.growthKiB));
  const serverHeldAfterGcKiB = spreadOf(
    rounds.map((round) => {
      const retained = round.serverRetained;
      if (retained === undefined) return undefined;
      return retained.afterGc.arrayBuffersKiB - retained.atStart.arrayBuffersKiB;
    }),
  );
  const serverCpuUsPerMessage = spreadOf(rounds.map((round) => round.serverCpuUsPerMessage));
  const serverEventLoopMaxDelayMs = spreadOf(
    rounds.map((round) => round.serverEventLoopMaxDelayMs),
  );
  const clientEventLoopMaxDelayMs = spreadOf(
    rounds.map((round) => round.clientEventLoopMaxDelayMs),
  );
  return {
    messagesPerSecond: of((round) => round.messagesPerSecond),
    bytesPerSecond: of((round) => round.bytesPerSecond),
    clientCpuUsPerMessage: of((round) => round.clientCpuUsPerMessage),
    ...(serverCpuUsPerMessage && { serverCpuUsPerMessage }),
    backlogBytes: of((round) => round.backlogBytes),
    ...(serverEventLoopMaxDelayMs && { serverEventLoopMaxDelayMs }),
    ...(clientEventLoopMaxDelayMs && { clientEventLoopMaxDelayMs }),
    ...(serverRssGrowthKiB && { serverRssGrowthKiB }),
    ...(serverHeldAfterGcKiB && { serverHeldAfterGcKiB }),
    ...(clientRssGrowthKiB && { clientRssGrowthKiB }),
  };
}

function pairedBytesRatio(
  target: readonly FeedRoundMeasurement[],
  baseline: readonly FeedRoundMeasurement[] | undefined,
): Spread | undefined {
  if (baseline === undefined) return undefined;
  const values = (rounds: readonly FeedRoundMeasurement[]) =>
    rounds.map((round) => ({ round: round.round, value: round.bytesPerSecond }));
  const ratios = roundRatios(values(target), values(baseline));
  return ratios.length === 0 ? undefined : spread(ratios);
}

/**
 * MB/s of a target ÷ the raw limit's and ÷ grpc-js's, paired round by round (round i against
 * round i, which ran next to it). Every message of a configuration has the same size, so these
 * are the messages/s ratios as well. A baseline is `undefined` when it was not measured, and a
 * target is not compared with itself.
 */
export function feedRatios(
  target: string,
  rounds: readonly FeedRoundMeasurement[],
  limit: readonly FeedRoundMeasurement[] | undefined,
  grpc: readonly FeedRoundMeasurement[] | undefined,
): FeedRatios {
  const vsLimit = target === LIMIT_TARGET ? undefined : pairedBytesRatio(rounds, limit);
  const vsGrpc = target === GRPC_TARGET ? undefined : pairedBytesRatio(rounds, grpc);
  return { ...(vsLimit && { vsLimit }), ...(vsGrpc && { vsGrpc }) };
}

/** One target's result from its rounds and failures, with the ratios to the baselines. */
function targetResult(
  target: string,
  rounds: ReadonlyMap<string, FeedRoundMeasurement[]>,
  failures: ReadonlyMap<string, string[]>,
): FeedTargetResult {
  const measured = rounds.get(target) ?? [];
  const summary = summarizeFeedRounds(measured);
  return {
    target,
    rounds: measured,
    failures: failures.get(target) ?? [],
    ...(summary && { summary }),
    ratios: feedRatios(target, measured, rounds.get(LIMIT_TARGET), rounds.get(GRPC_TARGET)),
  };
}

/** A throughput configuration's result from the rounds each target completed (in map order). */
export function assembleFeedConfiguration(
  configuration: FeedConfiguration,
  rounds: ReadonlyMap<string, FeedRoundMeasurement[]>,
  failures: ReadonlyMap<string, string[]>,
): FeedConfigurationResult {
  return {
    configuration,
    targets: [...rounds.keys()].map((target) => targetResult(target, rounds, failures)),
  };
}

/** How one target's slow consumer was run. */
export interface SlowConsumerSetting {
  readonly paceUs: number;
  readonly producerMessagesPerSecond: number | undefined;
  readonly roundMs: number;
}

/** The slow-consumer result: each target's rounds, with the pace and length it was run at. */
export function assembleSlowConsumer(
  plan: { readonly payloadSize: number; readonly slowdown: number },
  rounds: ReadonlyMap<string, FeedRoundMeasurement[]>,
  failures: ReadonlyMap<string, string[]>,
  settings: ReadonlyMap<string, SlowConsumerSetting>,
): SlowConsumerResult {
  return {
    payloadSize: plan.payloadSize,
    slowdown: plan.slowdown,
    targets: [...rounds.keys()].map((target) => ({
      ...targetResult(target, rounds, failures),
      paceUs: settings.get(target)?.paceUs ?? 0,
      producerMessagesPerSecond: settings.get(target)?.producerMessagesPerSecond,
      roundMs: settings.get(target)?.roundMs ?? 0,
    })),
  };
}

/** The producer's median rate of `target` in the throughput configuration of `payloadSize`. */
export function producerRate(
  throughput: readonly FeedConfigurationResult[],
  payloadSize: number,
  target: string,
): { messagesPerSecond: number; bytesPerSecond: number } | undefined {
  const configuration = throughput.find((entry) => entry.configuration.payloadSize === payloadSize);
  const summary = configuration?.targets.find((entry) => entry.target === target)?.summary;
  if (summary === undefined) return undefined;
  return {
    messagesPerSecond: summary.messagesPerSecond.median,
    bytesPerSecond: summary.bytesPerSecond.median,
  };
}

function ratioGoal(
  goal: StreamingGoal,
  throughput: readonly FeedConfigurationResult[],
  payloadSize: number,
  which: keyof FeedRatios,
): StreamingGoalCheck {
  const configuration = throughput.find((entry) => entry.configuration.payloadSize === payloadSize);
  const ratio = configuration?.targets.find((entry) => entry.target === STREAMING_GOAL_TARGET)
    ?.ratios[which];
  const base = { key: goal.key, title: goal.title, threshold: goal.threshold };
  if (ratio === undefined) return { ...base, status: 'not measured' };
  return { ...base, value: ratio, status: ratio.median >= goal.threshold ? 'met' : 'not met' };
}

/**
 * The slow-consumer goal: the producer's RSS growth of every yrpc round ÷ the stream window; met
 * when the worst round (the max) stays within the threshold.
 */
function rssGoal(
  goal: StreamingGoal,
  slow: SlowConsumerResult,
  flowControl: FeedFlowControl,
): StreamingGoalCheck {
  const result = slow.targets.find((entry) => entry.target === STREAMING_GOAL_TARGET);
  const windowKiB = flowControl.streamWindow / 1024;
  const growths = (result?.rounds ?? [])
    .map((round) => round.serverRss?.growthKiB)
    .filter((growth): growth is number => growth !== undefined);
  const base = { key: goal.key, title: goal.title, threshold: goal.threshold };
  if (growths.length === 0) return { ...base, status: 'not measured' };
  const value = spread(growths.map((growth) => growth / windowKiB));
  return { ...base, value, status: value.max <= goal.threshold ? 'met' : 'not met' };
}

/** Checks the scenario's goals on yrpc (see `STREAMING_SCENARIO.goals`). */
export function checkStreamingGoals(
  throughput: readonly FeedConfigurationResult[],
  slow: SlowConsumerResult,
  flowControl: FeedFlowControl,
): StreamingGoalCheck[] {
  const [small, large] = STREAMING_SCENARIO.payloads;
  return STREAMING_SCENARIO.goals.map((goal) => {
    if (goal.key === 'slow-rss') return rssGoal(goal, slow, flowControl);
    if (goal.key === 'small-vs-grpc') return ratioGoal(goal, throughput, small, 'vsGrpc');
    return ratioGoal(goal, throughput, goal.key === 'small-vs-raw' ? small : large, 'vsLimit');
  });
}
