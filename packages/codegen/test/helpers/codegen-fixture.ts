import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's directory. */
export const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The fixture's include directories: its own files and an imported one elsewhere. */
export const includeDirs = [
  join(packageDir, 'test/fixtures/proto'),
  join(packageDir, 'test/fixtures/include'),
];

/** The fixture's `.proto` files, named relative to their include directory. */
export const protoFiles = ['shop/v1/shop.proto', 'shop/v1/legacy.proto', 'common/v1/money.proto'];

/** A combination of options other than the defaults, as the plugin parameter and as flags. */
export const otherOptions = {
  parameter: 'longs=string,enums=number,wellKnownTypes=message,defaults=false',
  flags: [
    '--longs',
    'string',
    '--enums',
    'number',
    '--well-known-types',
    'message',
    '--no-defaults',
  ],
} as const;

/** The built bin of a command (the tests run what users run: `pnpm build` first). */
export function bin(name: 'yrpc-codegen' | 'protoc-gen-yrpc'): string {
  const built = join(packageDir, 'dist/cli', `${name}.js`);
  if (!existsSync(built)) throw new Error(`${built} is missing: build the package first`);
  return join(packageDir, 'bin', `${name}.js`);
}

/** What a finished child process did. */
export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (killed after `timeoutMs`). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? packageDir, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill(), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the standalone command on the fixture, writing under `out`. */
export function generateFixture(out: string, flags: readonly string[] = []): Promise<Finished> {
  return run(process.execPath, [
    bin('yrpc-codegen'),
    ...includeDirs.flatMap((dir) => ['-I', dir]),
    '-o',
    out,
    ...flags,
    ...protoFiles,
  ]);
}

/** A temporary directory, removed by the returned function. */
export async function temporaryDirectory(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `yrpc-codegen-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
