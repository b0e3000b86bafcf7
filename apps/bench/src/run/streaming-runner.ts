import { loadavg } from 'node:os';
import { formatSize } from '../plan/bench-configuration.js';
import {
  type StreamingPlan,
  slowConsumerPaceUs,
  slowConsumerRoundMs,
} from '../plan/streaming-scenario.js';
import type { ProgressReporter } from '../report/progress-reporter.js';
import type { TargetStatus } from '../results/bench-results.js';
import type {
  FeedConfigurationResult,
  FeedRoundMeasurement,
  StreamingResults,
} from '../results/streaming-results.js';
import {
  assembleFeedConfiguration,
  assembleSlowConsumer,
  checkStreamingGoals,
  producerRate,
} from '../stats/streaming-figures.js';
import { FEED_TARGETS, type FeedTarget } from '../targets/feed-registry.js';
import type { FeedFlowControl } from '../targets/feed-target.js';
import { describeEnvironment } from './bench-runner.js';
import { type FeedRoundRequest, runFeedRound } from './feed-round-runner.js';

/** Runs one stream; replaceable so the orchestration can be tested without child processes. */
export type FeedRoundExecutor = (request: FeedRoundRequest) => Promise<FeedRoundMeasurement>;

/** Optional settings of a streaming run; tests replace the executor and the registry. */
export interface StreamingRunOptions {
  readonly executeRound?: FeedRoundExecutor;
  readonly registry?: readonly FeedTarget[];
  readonly profileDir?: string;
  /** Node/V8 flags for every server and client process (`--node-flags`). */
  readonly nodeFlags?: readonly string[];
}

type RoundsByTarget = Map<string, FeedRoundMeasurement[]>;
type FailuresByTarget = Map<string, string[]>;

/** One round's parameters other than the target and round index. */
interface RoundShape {
  readonly id: string;
  readonly label: string;
  readonly payloadSize: number;
  readonly warmupMs: number;
  /** yrpc's windows in these rounds. */
  readonly windows: FeedFlowControl;
  /** Each target's pace (0: as fast as messages come) and window length. */
  readonly settingOf: (target: string) => { readonly paceUs: number; readonly durationMs: number };
}

/**
 * Runs the streaming plan: each throughput configuration round by round, every target in turn
 * within a round (round i of every target ran close together in time, so round-by-round ratios
 * cancel slow machine drift); then the slow consumer, each target's consumer paced at its own
 * producer's measured rate ÷ the slowdown.
 */
export async function runStreamingPlan(
  plan: StreamingPlan,
  targetNames: readonly string[],
  command: string,
  progress: ProgressReporter,
  options: StreamingRunOptions = {},
): Promise<StreamingResults> {
  const executeRound = options.executeRound ?? runFeedRound;
  const registry = options.registry ?? FEED_TARGETS;
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const targets = registry.filter((target) => targetNames.includes(target.name));
  const statuses: TargetStatus[] = targets.map((target) => ({
    name: target.name,
    description: target.description,
    status: 'measured',
  }));
  const { timing } = plan;
  progress.start((plan.throughput.length + 1) * timing.rounds * targets.length);

  const runRounds = async (
    shape: RoundShape,
  ): Promise<{ rounds: RoundsByTarget; failures: FailuresByTarget }> => {
    const rounds: RoundsByTarget = new Map(targets.map((target) => [target.name, []]));
    const failures: FailuresByTarget = new Map(targets.map((target) => [target.name, []]));
    for (let round = 0; round < timing.rounds; round++) {
      for (const target of targets) {
        const where = `${target.name} · ${shape.label} · round ${round + 1}/${timing.rounds}`;
        progress.step(where);
        const setting = shape.settingOf(target.name);
        try {
          const measured = await executeRound({
            target: target.name,
            id: shape.id,
            payloadSize: shape.payloadSize,
            paceUs: setting.paceUs,
            warmupMs: shape.warmupMs,
            durationMs: setting.durationMs,
            timing,
            flowControl: target.usesWindows ? shape.windows : undefined,
            round,
            ...(options.profileDir !== undefined && { profileDir: options.profileDir }),
            ...(options.nodeFlags !== undefined && { nodeFlags: options.nodeFlags }),
          });
          rounds.get(target.name)?.push(measured);
          if (measured.note !== undefined) progress.note(`${where}: ${measured.note}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.get(target.name)?.push(`round ${round + 1}: ${message}`);
          progress.note(`${where} failed: ${message}`);
        }
        progress.advance();
      }
    }
    return { rounds, failures };
  };

  const throughput: FeedConfigurationResult[] = [];
  for (const configuration of plan.throughput) {
    const { rounds, failures } = await runRounds({
      id: configuration.id,
      label: configuration.label,
      payloadSize: configuration.payloadSize,
      warmupMs: timing.warmupMs,
      windows: plan.windows.throughput,
      settingOf: () => ({ paceUs: 0, durationMs: timing.durationMs }),
    });
    throughput.push(assembleFeedConfiguration(configuration, rounds, failures));
  }

  const slowPlan = plan.slowConsumer;
  const settings = new Map(
    targets.map((target) => {
      const rate = producerRate(throughput, slowPlan.payloadSize, target.name);
      return [
        target.name,
        {
          paceUs: slowConsumerPaceUs(slowPlan, rate?.messagesPerSecond),
          producerMessagesPerSecond: rate?.messagesPerSecond,
          roundMs: slowConsumerRoundMs(plan, rate?.bytesPerSecond),
        },
      ];
    }),
  );
  const slow = await runRounds({
    id: `slow-p${slowPlan.payloadSize}`,
    label: `slow consumer (${slowPlan.slowdown}× slower) · ${formatSize(slowPlan.payloadSize)} messages`,
    payloadSize: slowPlan.payloadSize,
    warmupMs: 0,
    windows: plan.windows.slowConsumer,
    settingOf: (target) => {
      const setting = settings.get(target);
      return {
        paceUs: setting?.paceUs ?? slowPlan.fallbackPaceUs,
        durationMs: setting?.roundMs ?? timing.slowConsumerMs,
      };
    },
  });
  const slowConsumer = assembleSlowConsumer(slowPlan, slow.rounds, slow.failures, settings);
  progress.stop();
  return {
    schemaVersion: 1,
    mode: 'streaming',
    command,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: describeEnvironment(loadAtStart, loadavg(), options.nodeFlags),
    timing,
    windows: plan.windows,
    targets: statuses,
    throughput,
    slowConsumer,
    goals: checkStreamingGoals(throughput, slowConsumer, plan.windows.slowConsumer),
  };
}
