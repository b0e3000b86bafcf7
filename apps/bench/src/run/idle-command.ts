import { type BenchOptions, benchCommandLine } from '../cli/bench-options.js';
import { resolveOutDir } from '../cli/output-dir.js';
import { buildIdlePlan } from '../plan/idle-scenario.js';
import { renderIdleTable, writeIdleReports } from '../report/idle-report.js';
import { createProgressReporter } from '../report/progress-reporter.js';
import { runIdleScenario } from './idle-runner.js';

/**
 * `pnpm bench --scenario idle-connections`: measures, prints and writes results.json and
 * summary.md. Exit code 0 when both targets were measured.
 *
 * @param packageDir - absolute directory of the bench package (apps/bench).
 */
export async function runIdleCommand(
  options: BenchOptions,
  args: readonly string[],
  packageDir: string,
): Promise<number> {
  const plan = buildIdlePlan();
  const outDir = resolveOutDir(options, plan.mode, packageDir);
  console.log(
    `idle-connections scenario: yrpc and bare, ${plan.connections.toLocaleString('en-US')} ` +
      'idle connections each; about 10–20 s',
  );
  const results = await runIdleScenario(
    plan,
    benchCommandLine(args),
    createProgressReporter(process.stdout.isTTY === true),
    { nodeFlags: options.nodeFlags },
  );
  console.log(renderIdleTable(results));
  const written = await writeIdleReports(results, outDir);
  console.log(`wrote ${written.json}\n      ${written.markdown}`);
  return results.difference === undefined ? 1 : 0;
}
