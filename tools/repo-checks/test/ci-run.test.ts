import { execFileSync } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repositoryRoot } from './helpers/run-command.js';

/**
 * .ci/run, the README and package.json must agree: CI runs exactly the README's test command,
 * with the pnpm that package.json pins, and that command covers every check.
 */

const read = (path: string) => readFile(join(repositoryRoot, path), 'utf8');

async function pinnedPnpm(): Promise<string> {
  const manifest = JSON.parse(await read('package.json')) as { packageManager: string };
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager);
  if (match?.[1] === undefined) throw new Error(`packageManager is not a pnpm version`);
  return match[1];
}

describe('.ci/run', () => {
  test('package.json pins a pnpm 10 release and Node >= 20.19', async () => {
    const manifest = JSON.parse(await read('package.json')) as { engines: { node: string } };
    expect(await pinnedPnpm()).toMatch(/^10\./);
    expect(manifest.engines.node).toBe('>=20.19.0');
  });

  test('runs the README test command after a frozen-lockfile install, failing on any error', async () => {
    const pnpm = `npx --yes pnpm@${await pinnedPnpm()}`;
    const readme = await read('README.md');
    const ci = await read('.ci/run');
    expect(readme).toContain(`${pnpm} install && ${pnpm} test`);
    expect(readme).toContain(`${pnpm} install && ${pnpm} demo`);
    expect(ci).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(ci).toContain('\nset -euo pipefail\n');
    const steps = ci
      .split('\n')
      .filter((line) => line.startsWith('step '))
      .map((line) => line.slice('step '.length));
    expect(steps).toEqual([
      `${pnpm} --version`,
      `${pnpm} install --frozen-lockfile`,
      `${pnpm} test`,
    ]);
    const commands = ci.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    expect(commands.join('\n')).not.toContain('corepack');
  });

  test('writes logs without colour codes when its output is not a terminal', async () => {
    const ci = await read('.ci/run');
    const start = ci.indexOf('# --- log environment');
    const end = ci.indexOf('# --- end of log environment');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    // The lines of .ci/run that set up the log environment, then a vitest run as CI makes it,
    // its output going to a pipe as in CI's log.
    const vitest = join(repositoryRoot, 'node_modules/.bin/vitest');
    const output = execFileSync(
      'bash',
      ['-c', `${ci.slice(start, end)}\n"${vitest}" run --config vitest.config.ts 2>&1`],
      {
        cwd: join(repositoryRoot, 'tools/repo-checks/test/fixtures/colour'),
        env: { ...process.env, CI: 'true', NO_COLOR: undefined, FORCE_COLOR: undefined },
        encoding: 'utf8',
      },
    );
    expect(output).toContain('passing.check.ts');
    expect(output).not.toContain('\u001b[');
  });

  test('the root test script covers build, typecheck, lint, tests, pack checks and boundaries', async () => {
    const manifest = JSON.parse(await read('package.json')) as { scripts: Record<string, string> };
    const tasks = (manifest.scripts.test ?? '').split(/\s+/);
    expect(tasks.slice(0, 2)).toEqual(['turbo', 'run']);
    for (const task of ['build', 'typecheck', 'lint', 'test', 'pack-check', '//#boundaries']) {
      expect(tasks).toContain(task);
    }
    expect(manifest.scripts.boundaries).toContain('depcruise');
  });

  test('every published package has the build, test and pack-check scripts turbo runs', async () => {
    for (const layer of ['coroutine', 'poller', 'net', 'protocol', 'rpc']) {
      const manifest = JSON.parse(await read(`packages/${layer}/package.json`)) as {
        scripts: Record<string, string>;
        private?: boolean;
      };
      expect(manifest.private, layer).toBeUndefined();
      for (const script of ['build', 'typecheck', 'lint', 'test', 'pack-check']) {
        expect(manifest.scripts[script], `${layer} ${script}`).toBeDefined();
      }
    }
  });

  test('the README links to files that exist', async () => {
    const readme = await read('README.md');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(targets.length).toBeGreaterThan(5);
    for (const target of targets) {
      await expect(access(join(repositoryRoot, target)), target).resolves.toBeUndefined();
    }
  });
});
