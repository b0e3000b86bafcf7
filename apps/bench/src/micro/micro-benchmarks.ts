import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Packages whose own micro-benchmarks `pnpm bench --micro` runs, bottom of the stack first. */
export const MICRO_PACKAGES = ['coroutine', 'poller', 'net', 'protocol', 'rpc'] as const;

/** Whether a package's micro-benchmarks can run, and why not. */
export interface MicroBenchmarkStatus {
  readonly name: string;
  readonly runnable: boolean;
  readonly note?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds which packages have benchmarks yet: a `bench` script in package.json and its entry,
 * bench/index.ts (the repo convention compiles bench/ to dist-bench/bench/index.js).
 */
export async function findMicroBenchmarks(repoRoot: string): Promise<MicroBenchmarkStatus[]> {
  return Promise.all(
    MICRO_PACKAGES.map(async (name): Promise<MicroBenchmarkStatus> => {
      const packageDir = join(repoRoot, 'packages', name);
      let scripts: Record<string, unknown> = {};
      try {
        const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
        scripts = (manifest as { scripts?: Record<string, unknown> }).scripts ?? {};
      } catch {
        return { name, runnable: false, note: 'skipped: package not found' };
      }
      if (typeof scripts.bench !== 'string') {
        return { name, runnable: false, note: 'skipped: no "bench" script yet' };
      }
      if (!(await exists(join(packageDir, 'bench', 'index.ts')))) {
        return { name, runnable: false, note: 'skipped: no bench/index.ts yet' };
      }
      return { name, runnable: true };
    }),
  );
}

/** How to start pnpm: the one running us (npm_execpath) when there is one, else `pnpm`. */
function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath) && /\.c?js$/.test(execPath)) {
    return { command: process.execPath, prefix: [execPath] };
  }
  return { command: 'pnpm', prefix: [] };
}

/** Runs `pnpm --filter @yrpc/<name> run bench` with its output shown; resolves to the exit code. */
export function runPackageBenchmark(repoRoot: string, name: string): Promise<number> {
  const { command, prefix } = pnpmCommand();
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, '--filter', `@yrpc/${name}`, 'run', 'bench'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Runs every package's micro-benchmarks in turn, skipping (with a note) those not written yet.
 * Resolves to the number of packages whose benchmark failed.
 */
export async function runMicroBenchmarks(
  repoRoot: string,
  write: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  let failed = 0;
  for (const status of await findMicroBenchmarks(repoRoot)) {
    if (!status.runnable) {
      write(`@yrpc/${status.name}: ${status.note}`);
      continue;
    }
    write(`\n── @yrpc/${status.name} micro-benchmarks ──`);
    const code = await runPackageBenchmark(repoRoot, status.name);
    if (code !== 0) {
      failed++;
      write(`@yrpc/${status.name}: benchmark exited with code ${code}`);
    }
  }
  return failed;
}
