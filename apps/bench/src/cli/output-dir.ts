import { join } from 'node:path';
import type { BenchMode } from '../plan/bench-plan.js';

/**
 * Where a run writes its reports by default, relative to the bench package: a git-ignored
 * folder per mode (`results/latest/quick/`, `results/latest/flow/`, …), so that a run never
 * overwrites the committed figures.
 */
export const LATEST_RESULTS_DIR = 'results/latest';

/** Where the committed figures of a mode live, relative to the bench package (`results/quick/`). */
export const COMMITTED_RESULTS_DIR = 'results';

/** How the package directory is written in help texts and the README. */
export const PACKAGE_PATH = 'apps/bench';

/** The part of the options that chooses the output directory. */
export interface OutputChoice {
  /** Absolute directory from `--out`, or `undefined`. */
  readonly outDir: string | undefined;
  /** `--update-committed`: write to the committed figures of the mode. */
  readonly updateCommitted: boolean;
}

/**
 * The directory a run of `mode` writes its reports to: `--out` when given, the committed
 * `results/<mode>/` with `--update-committed`, and `results/latest/<mode>/` otherwise.
 *
 * @param packageDir - absolute directory of the bench package (apps/bench).
 */
export function resolveOutDir(choice: OutputChoice, mode: BenchMode, packageDir: string): string {
  if (choice.outDir !== undefined) return choice.outDir;
  return choice.updateCommitted
    ? join(packageDir, COMMITTED_RESULTS_DIR, mode)
    : join(packageDir, LATEST_RESULTS_DIR, mode);
}
