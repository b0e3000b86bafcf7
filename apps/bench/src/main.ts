// `pnpm bench`: parses options, runs the echo benchmark (a mode, or a named scenario with
// --scenario; or, with --micro, each package's micro-benchmarks) and writes the table,
// results.json, summary.md and chart.svg into results/latest/<mode>/ (git-ignored), or where
// --out or --update-committed says. `--scenario streaming` measures server streaming instead
// and writes results.json and summary.md the same way; `--scenario idle-connections` the server
// memory per idle connection (src/run/idle-command.ts).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { BenchError } from './bench-error.js';
import { benchCommandLine, parseBenchOptions } from './cli/bench-options.js';
import { resolveOutDir } from './cli/output-dir.js';
import { runMicroBenchmarks } from './micro/micro-benchmarks.js';
import { type BenchPlan, buildBenchPlan, type RoundTiming } from './plan/bench-plan.js';
import { buildScenarioPlan, findScenario } from './plan/bench-scenario.js';
import { IDLE_SCENARIO } from './plan/idle-scenario.js';
import {
  buildStreamingPlan,
  estimateStreamingSeconds,
  MAX_SLOW_CONSUMER_MS,
  STREAMING_SCENARIO,
} from './plan/streaming-scenario.js';
import { writeCpuProfileSummaries } from './report/cpu-profile-summary.js';
import { createProgressReporter } from './report/progress-reporter.js';
import { renderScenarioTable, scenarioHeadline } from './report/scenario-report.js';
import { renderStreamingTables, writeStreamingReports } from './report/streaming-report.js';
import { renderTable } from './report/table-report.js';
import { writeReports } from './report/write-reports.js';
import { runBenchPlan } from './run/bench-runner.js';
import { runIdleCommand } from './run/idle-command.js';
import { runStreamingPlan } from './run/streaming-runner.js';
import { computeScenarioFigures } from './stats/scenario-figures.js';

const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function main(args: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseBenchOptions>;
  try {
    options = parseBenchOptions(args, process.env.INIT_CWD ?? process.cwd());
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof BenchError && error.code === 'INVALID_OPTIONS') {
      console.error(`bench: invalid options\n${error.message}\n(see --help)`);
      return 2;
    }
    throw error;
  }
  if (options.micro) {
    return (await runMicroBenchmarks(REPO_ROOT)) === 0 ? 0 : 1;
  }
  const timing: Partial<RoundTiming> = {
    ...(options.rounds !== undefined && { rounds: options.rounds }),
    ...(options.warmupMs !== undefined && { warmupMs: options.warmupMs }),
    ...(options.durationMs !== undefined && { durationMs: options.durationMs }),
  };
  if (options.scenario === STREAMING_SCENARIO.name) return runStreaming(options, args, timing);
  if (options.scenario === IDLE_SCENARIO.name) return runIdleCommand(options, args, PACKAGE_DIR);
  const scenario = options.scenario === undefined ? undefined : findScenario(options.scenario);
  const plan: BenchPlan =
    scenario !== undefined
      ? buildScenarioPlan(scenario, timing)
      : buildBenchPlan(
          options.quick,
          {
            concurrency: options.concurrency,
            payloads: options.payloads,
            connections: options.connections,
          },
          timing,
        );
  const command = benchCommandLine(args);
  const progress = createProgressReporter(process.stdout.isTTY === true);
  const outDir = resolveOutDir(options, plan.mode, PACKAGE_DIR);
  const profileDir = options.cpuProf ? join(outDir, 'profiles') : undefined;
  const measuredResults = await runBenchPlan(plan, options.targets, command, progress, {
    ...(profileDir !== undefined && { profileDir }),
    nodeFlags: options.nodeFlags,
  });
  const results =
    scenario === undefined
      ? measuredResults
      : { ...measuredResults, scenario: computeScenarioFigures(measuredResults, scenario) };
  console.log(renderTable(results));
  if (results.scenario !== undefined) {
    console.log(renderScenarioTable(results));
    for (const line of scenarioHeadline(results.scenario)) console.log(line);
  }
  const written = await writeReports(results, outDir);
  console.log(`wrote ${written.json}\n      ${written.markdown}\n      ${written.chart}`);
  if (profileDir !== undefined) {
    const summary = await writeCpuProfileSummaries(profileDir);
    console.log(`CPU profiles in ${profileDir} (open in Chrome DevTools); hottest: ${summary}`);
  }
  const measured = results.configurations.some((entry) =>
    entry.targets.some((target) => target.rounds.length > 0),
  );
  return measured ? 0 : 1;
}

/** `--scenario streaming`: server streaming and a slow consumer, in child processes. */
async function runStreaming(
  options: ReturnType<typeof parseBenchOptions>,
  args: readonly string[],
  timing: Partial<RoundTiming>,
): Promise<number> {
  const plan = buildStreamingPlan(timing, options.streamWindow);
  const progress = createProgressReporter(process.stdout.isTTY === true);
  const outDir = resolveOutDir(options, plan.mode, PACKAGE_DIR);
  const profileDir = options.cpuProf ? join(outDir, 'profiles') : undefined;
  const targets = options.targets.length;
  const shortest = Math.round(estimateStreamingSeconds(plan, targets, 2));
  const longest = Math.round(estimateStreamingSeconds(plan, targets, 2, MAX_SLOW_CONSUMER_MS));
  console.log(
    `streaming scenario: ${options.targets.join(', ')}; ${shortest}–${longest} s on an idle ` +
      'machine (slow producers lengthen the slow-consumer rounds)',
  );
  const results = await runStreamingPlan(plan, options.targets, benchCommandLine(args), progress, {
    ...(profileDir !== undefined && { profileDir }),
    nodeFlags: options.nodeFlags,
  });
  console.log(renderStreamingTables(results));
  const written = await writeStreamingReports(results, outDir);
  console.log(`wrote ${written.json}\n      ${written.markdown}`);
  if (profileDir !== undefined) {
    const summary = await writeCpuProfileSummaries(profileDir);
    console.log(`CPU profiles in ${profileDir} (open in Chrome DevTools); hottest: ${summary}`);
  }
  const measured = results.throughput.some((entry) =>
    entry.targets.some((target) => target.rounds.length > 0),
  );
  return measured ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
