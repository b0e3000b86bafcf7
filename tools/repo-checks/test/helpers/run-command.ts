import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

/** The monorepo root, seen from tools/repo-checks/test/helpers. */
export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Exit code and interleaved stdout + stderr (escape codes removed) of a finished command. */
export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/**
 * Runs a command to completion without a shell or stdin and collects its output. Fails the
 * caller's test by timeout rather than hanging when the command does not finish.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // Plain text: turbo forces colors on, and escape codes would split the words tests look for.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in time:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output: stripVTControlCharacters(output) });
    });
  });
}

/** A fresh directory under the OS temp dir, and a function that removes it. */
export async function makeTemporaryDirectory(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `yrpc-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
