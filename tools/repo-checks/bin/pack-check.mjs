#!/usr/bin/env node
/**
 * pack-check: checks the tarball a package would publish.
 *
 * Usage (from a package directory, as its `pack-check` script does):
 *   node ../../tools/repo-checks/bin/pack-check.mjs [package-directory]
 *
 * 1. Packs the package with `pnpm pack` (not npm: pnpm applies `publishConfig` and rewrites
 *    `workspace:` and `catalog:` versions at pack time) into a temporary directory.
 * 2. Checks the tarball's files: no src/, test/, bench/, fixtures, dist-bench/ or other
 *    development files; a README and a LICENSE.
 * 3. Checks the packed package.json: no `workspace:` or `catalog:` left, exports point at dist/
 *    (the `@yrpc/source` condition is gone), publishConfig applied.
 * 4. Runs `publint --strict` and `@arethetypeswrong/cli --profile esm-only` on the tarball.
 *
 * Prints every failure and exits 1 if there is any; removes its temporary files either way.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const toolsDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const publintCli = join(toolsDirectory, 'node_modules/publint/src/cli.js');
const attwCli = join(toolsDirectory, 'node_modules/@arethetypeswrong/cli/dist/index.js');

/** Paths (inside the tarball's package/ directory) that must never be published. */
const forbiddenFiles = [
  { pattern: /^src\//, reason: 'source files (publish dist/ only)' },
  { pattern: /(^|\/)(test|tests|__tests__)\//, reason: 'tests' },
  { pattern: /\.(test|spec|bench)\.[cm]?[jt]sx?$/, reason: 'tests or benchmarks' },
  { pattern: /(^|\/)(bench|benchmarks)\//, reason: 'benchmarks' },
  { pattern: /(^|\/)(fixtures|__fixtures__)\//, reason: 'test fixtures' },
  { pattern: /(^|\/)dist-bench\//, reason: 'compiled benchmarks' },
  { pattern: /(^|\/)(coverage|node_modules|\.turbo)\//, reason: 'build or tool output' },
  { pattern: /\.tsbuildinfo$/, reason: 'TypeScript build info' },
  { pattern: /(^|\/)tsconfig[^/]*\.json$/, reason: 'TypeScript project files' },
  { pattern: /(^|\/)(vitest|vite)\.config\.[cm]?[jt]s$/, reason: 'test configuration' },
  { pattern: /\.tgz$/, reason: 'a tarball' },
];

/** Files every published package carries. */
const requiredFiles = [
  { pattern: /^package\.json$/, name: 'package.json' },
  { pattern: /^README\.md$/i, name: 'README.md' },
  { pattern: /^LICEN[CS]E(\.md|\.txt)?$/i, name: 'LICENSE' },
];

/** @type {string[]} */
const failures = [];

/** @param {string} message */
function fail(message) {
  failures.push(message);
  console.error(`  ✗ ${message}`);
}

/** @param {string} message */
function pass(message) {
  console.log(`  ✓ ${message}`);
}

/**
 * Runs a command without a shell; returns its exit status and output.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, inherit?: boolean }} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
    // Bounded: a stuck pack or checker fails the check instead of hanging CI.
    timeout: 300_000,
    killSignal: 'SIGKILL',
  });
  if (result.signal === 'SIGKILL') {
    throw new Error(`${command} ${args.join(' ')} did not finish within 5 minutes`);
  }
  return {
    missing: /** @type {NodeJS.ErrnoException | undefined} */ (result.error)?.code === 'ENOENT',
    error: result.error,
    status: result.status ?? 1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
  };
}

/**
 * The workspace root: the nearest directory upward that holds pnpm-workspace.yaml.
 * @param {string} start
 * @returns {string | undefined}
 */
function findWorkspaceRoot(start) {
  let directory = start;
  while (!existsSync(join(directory, 'pnpm-workspace.yaml'))) {
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return directory;
}

/**
 * pnpm as the caller runs it: on PATH when invoked through a pnpm script (npx puts it there),
 * otherwise the version pinned in the root packageManager field, through npx.
 * @param {string | undefined} workspaceRoot
 */
function pnpmCommand(workspaceRoot) {
  if (!run('pnpm', ['--version']).missing) return { command: 'pnpm', prefix: [] };
  const manifest = workspaceRoot
    ? JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'))
    : {};
  const pinned = String(manifest.packageManager ?? 'pnpm@10').split('+')[0] ?? 'pnpm@10';
  return { command: 'npx', prefix: ['--yes', pinned] };
}

/**
 * Packs the package into `destination` and returns the tarball's path.
 * @param {string} packageDirectory
 * @param {string} destination
 * @returns {string}
 */
function packTarball(packageDirectory, destination) {
  const pnpm = pnpmCommand(findWorkspaceRoot(packageDirectory));
  const packed = run(
    pnpm.command,
    [...pnpm.prefix, 'pack', '--json', '--pack-destination', destination],
    { cwd: packageDirectory },
  );
  if (packed.status !== 0) {
    throw new Error(`pnpm pack failed (exit ${packed.status}):\n${packed.stdout}${packed.stderr}`);
  }
  const json = packed.stdout.slice(packed.stdout.indexOf('{'));
  const { filename } = JSON.parse(json);
  return resolve(destination, filename);
}

/**
 * The tarball's file paths, relative to its package/ directory.
 * @param {string} tarball
 * @returns {string[]}
 */
function listTarball(tarball) {
  const listed = run('tar', ['-tzf', tarball]);
  if (listed.status !== 0) throw new Error(`tar could not list ${tarball}:\n${listed.stderr}`);
  return listed.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

/** @param {readonly string[]} files */
function checkFiles(files) {
  let clean = true;
  for (const file of files) {
    const forbidden = forbiddenFiles.find(({ pattern }) => pattern.test(file));
    if (forbidden) {
      clean = false;
      fail(`tarball holds ${file}: ${forbidden.reason} must not be published (fix "files")`);
    }
  }
  for (const required of requiredFiles) {
    if (!files.some((file) => required.pattern.test(file))) {
      clean = false;
      fail(`tarball lacks ${required.name}`);
    }
  }
  if (!files.some((file) => file.startsWith('dist/'))) {
    clean = false;
    fail('tarball holds no dist/ files: build the package first (turbo runs build before this)');
  }
  if (clean) pass(`files: ${files.length} files, no sources, tests, benchmarks or fixtures`);
}

/** @param {string} manifestText the packed package.json */
function checkManifest(manifestText) {
  let clean = true;
  for (const protocol of ['workspace:', 'catalog:']) {
    if (manifestText.includes(protocol)) {
      clean = false;
      fail(`packed package.json still contains "${protocol}" (pack with pnpm, not npm)`);
    }
  }
  const manifest = JSON.parse(manifestText);
  const exportsText = JSON.stringify(manifest.exports ?? null);
  if (exportsText.includes('@yrpc/source') || exportsText.includes('./src/')) {
    clean = false;
    fail('packed exports still point at src/ (publishConfig.exports was not applied)');
  }
  if (manifest.publishConfig?.exports !== undefined) {
    clean = false;
    fail('packed publishConfig still holds exports (pnpm should have moved them)');
  }
  if (manifest.private === true) {
    clean = false;
    fail('package is private; it would not be published');
  }
  if (clean) pass('package.json: versions resolved, exports point at dist/');
}

/**
 * Runs a checker with its output shown; a non-zero exit is a failure.
 * @param {string} name
 * @param {string} command
 * @param {readonly string[]} args
 */
function runTool(name, command, args) {
  console.log(`  → ${name}`);
  const result = run(command, args, { inherit: true });
  if (result.error && !result.missing) throw result.error;
  if (result.status !== 0) fail(`${name} reported problems (exit ${result.status}), see above`);
  else pass(name);
}

function main() {
  const packageDirectory = resolve(process.argv[2] ?? process.cwd());
  const manifestPath = join(packageDirectory, 'package.json');
  if (!existsSync(manifestPath)) {
    console.error(`pack-check: no package.json in ${packageDirectory}`);
    return 1;
  }
  const { name } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  console.log(`pack-check ${name}`);
  const temporary = mkdtempSync(join(tmpdir(), 'yrpc-pack-check-'));
  try {
    const tarball = packTarball(packageDirectory, temporary);
    pass(`packed with pnpm: ${tarball.slice(temporary.length + 1)}`);
    checkFiles(listTarball(tarball));
    const extracted = run('tar', ['-xzf', tarball, '-C', temporary, 'package/package.json']);
    if (extracted.status !== 0) throw new Error(`tar could not extract package.json`);
    checkManifest(readFileSync(join(temporary, 'package/package.json'), 'utf8'));
    runTool('publint --strict', process.execPath, [publintCli, 'run', tarball, '--strict']);
    runTool('attw --profile esm-only', process.execPath, [
      attwCli,
      tarball,
      '--profile',
      'esm-only',
      '--no-definitely-typed',
      '--format',
      'ascii',
      '--no-color',
      '--no-emoji',
    ]);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`pack-check ${name}: ${failures.length} problem(s)`);
    return 1;
  }
  console.log(`pack-check ${name}: ok`);
  return 0;
}

process.exitCode = main();
