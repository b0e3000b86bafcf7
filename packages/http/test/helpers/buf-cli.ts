import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `buf` command of the @bufbuild/buf devDependency. */
export const BUF = fileURLToPath(new URL('../../node_modules/.bin/buf', import.meta.url));

/** How a run of `buf curl` ended and what it printed. */
export interface BufResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `buf curl` with `args` (and `stdin` when given, for `-d @-`); killed after 20 s. */
export function bufCurl(args: readonly string[], stdin?: string): Promise<BufResult> {
  return new Promise((resolve) => {
    const child = execFile(BUF, ['curl', ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}
