import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchPlan } from '../plan/bench-plan.js';
import type { ProgressReporter } from '../report/progress-reporter.js';
import type {
  BenchResults,
  ConfigurationResult,
  RoundMeasurement,
  TargetStatus,
} from '../results/bench-results.js';
import { ratiosAgainst, summarizeRounds } from '../stats/summarize-target.js';
import {
  BENCH_TARGETS,
  type BenchTarget,
  GRPC_TARGET,
  LIMIT_TARGET,
} from '../targets/target-registry.js';
import { type RoundRequest, runRound } from './round-runner.js';

/**
 * The machine, its load average (`os.loadavg()`) at the start and the end of a run, and the Node
 * flags of the measured processes when there were any.
 */
export function describeEnvironment(
  loadAtStart: readonly number[],
  loadAtEnd: readonly number[],
  nodeFlags: readonly string[] = [],
): BenchResults['environment'] {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpuCount: cpuList.length,
    totalMemoryMiB: Math.round(totalmem() / (1024 * 1024)),
    loadAverage: [loadAtStart[0] ?? 0, loadAtEnd[0] ?? 0],
    loadAverages: { start: loadAtStart, end: loadAtEnd },
    ...(nodeFlags.length > 0 && { nodeFlags }),
  };
}

/** Runs one round; replaceable so the orchestration can be tested without child processes. */
export type RoundExecutor = (request: RoundRequest) => Promise<RoundMeasurement>;

/** Optional settings of a run; tests replace the round executor and the registry. */
export interface BenchRunOptions {
  readonly executeRound?: RoundExecutor;
  readonly registry?: readonly BenchTarget[];
  /** Write a CPU profile of every server and client process into this directory. */
  readonly profileDir?: string;
  /** Node/V8 flags for every server and client process (`--node-flags`). */
  readonly nodeFlags?: readonly string[];
}

/** The targets asked for, split into those to run and those skipped with a note. */
export function targetStatuses(
  names: readonly string[],
  registry: readonly BenchTarget[] = BENCH_TARGETS,
): TargetStatus[] {
  return registry
    .filter((target) => names.includes(target.name))
    .map((target) =>
      target.kind === 'ready'
        ? { name: target.name, description: target.description, status: 'measured' }
        : {
            name: target.name,
            description: target.description,
            status: 'skipped',
            note: target.note,
          },
    );
}

/** Builds a configuration's result from the rounds each target completed. */
export function assembleConfiguration(
  configuration: ConfigurationResult['configuration'],
  rounds: ReadonlyMap<string, RoundMeasurement[]>,
  failures: ReadonlyMap<string, string[]>,
): ConfigurationResult {
  const grpc = rounds.get(GRPC_TARGET);
  const limit = rounds.get(LIMIT_TARGET);
  const targets = [...rounds.entries()].map(([target, measured]) => {
    const summary = summarizeRounds(measured);
    return {
      target,
      rounds: measured,
      failures: failures.get(target) ?? [],
      ...(summary && { summary }),
      ratios: ratiosAgainst(
        measured,
        target === GRPC_TARGET ? undefined : grpc,
        target === LIMIT_TARGET ? undefined : limit,
      ),
    };
  });
  return { configuration, targets };
}

/**
 * Runs the plan: for every configuration, round by round, each target in turn — so round i of
 * every target ran close together in time, and round-by-round ratios cancel slow machine drift.
 */
export async function runBenchPlan(
  plan: BenchPlan,
  targetNames: readonly string[],
  command: string,
  progress: ProgressReporter,
  options: BenchRunOptions = {},
): Promise<BenchResults> {
  const executeRound = options.executeRound ?? runRound;
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const statuses = targetStatuses(targetNames, options.registry);
  for (const status of statuses) {
    if (status.status === 'skipped') progress.note(`${status.name}: ${status.note}`);
  }
  const runnable = statuses.filter((status) => status.status === 'measured');
  progress.start(plan.configurations.length * plan.timing.rounds * runnable.length);
  const configurations: ConfigurationResult[] = [];
  for (const configuration of plan.configurations) {
    const rounds = new Map(runnable.map((status) => [status.name, [] as RoundMeasurement[]]));
    const failures = new Map(runnable.map((status) => [status.name, [] as string[]]));
    for (let round = 0; round < plan.timing.rounds; round++) {
      for (const { name } of runnable) {
        progress.step(
          `${name} · ${configuration.label} · round ${round + 1}/${plan.timing.rounds}`,
        );
        try {
          const measured = await executeRound({
            target: name,
            configuration,
            timing: plan.timing,
            round,
            ...(options.profileDir !== undefined && { profileDir: options.profileDir }),
            ...(options.nodeFlags !== undefined && { nodeFlags: options.nodeFlags }),
          });
          rounds.get(name)?.push(measured);
          if ((measured.unfinishedCalls ?? 0) > 0) {
            progress.note(
              `${name} · ${configuration.label} · round ${round + 1}: ` +
                `${measured.unfinishedCalls} call(s) still unanswered after the window`,
            );
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.get(name)?.push(`round ${round + 1}: ${message}`);
          progress.note(`${name} · ${configuration.label} · round ${round + 1} failed: ${message}`);
        }
        progress.advance();
      }
    }
    configurations.push(assembleConfiguration(configuration, rounds, failures));
  }
  progress.stop();
  return {
    schemaVersion: 1,
    mode: plan.mode,
    command,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: describeEnvironment(loadAtStart, loadavg(), options.nodeFlags),
    timing: plan.timing,
    targets: statuses,
    configurations,
  };
}
