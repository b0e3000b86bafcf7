import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's directory, where the command runs. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The test fixtures (the Shop server and its .proto). */
export const fixtures = join(packageDir, 'test', 'fixtures');
/** Each run starts node with tsx (a few seconds on a busy machine): the bound of one test. */
export const TEST_LIMIT = 90_000;
/** A run still going after this is killed. */
export const RUN_LIMIT = 45_000;

/** How a run of the command ended and what it printed. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the `yrpc` command on its sources (tsx, the workspace packages through their
 * `@yrpc/source` condition: no build needed) as a child process, killed past RUN_LIMIT; `ended`
 * resolves when it exits. The caller may write to its stdin while it runs.
 */
export function startYrpc(args: readonly string[]): {
  child: ChildProcessWithoutNullStreams;
  output: () => Run;
  ended: Promise<Run>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=@yrpc/source', '--import', 'tsx', join(packageDir, 'src', 'main.ts'), ...args],
    { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT);
  const ended = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      run.code = code;
      resolve({ ...run });
    });
  });
  return { child, output: () => ({ ...run }), ended };
}

/** Runs the command to its end with `input` (default: nothing) on its stdin. */
export function yrpc(...args: string[]): Promise<Run> {
  return yrpcWithInput('', ...args);
}

/** Runs the command to its end with `input` written to its stdin, which then closes. */
export function yrpcWithInput(input: string, ...args: string[]): Promise<Run> {
  const { child, ended } = startYrpc(args);
  child.stdin.on('error', () => undefined); // the command may exit before reading it all
  child.stdin.end(input);
  return ended;
}

/** The wire protocols `--protocol` takes. */
export const PROTOCOLS = ['yrpc', 'grpc', 'connect'] as const;

/** Runs the command once per protocol of {@link PROTOCOLS} (`--protocol` added), all at once. */
export function yrpcOverEveryProtocol(args: readonly string[], input = ''): Promise<Run[]> {
  return Promise.all(
    PROTOCOLS.map((protocol) => yrpcWithInput(input, ...args, '--protocol', protocol)),
  );
}
