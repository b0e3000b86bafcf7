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
 *    development files; a README and a LICENSE; something of every plain entry of "files" (a
 *    path that brings nothing is missing or misspelt).
 * 3. Checks the packed package.json: no `workspace:` or `catalog:` left, exports point at dist/
 *    (the `@yrpc/source` condition is gone), publishConfig applied, and `repository`,
 *    `homepage` and `bugs` given (npm links them from the package's page).
 * 4. Checks the links of the markdown files it publishes: the README (which npm shows without
 *    the package's other files) links only URLs and its own headings; the others link files
 *    and headings that are in the tarball.
 * 5. Runs `publint --strict` and `@arethetypeswrong/cli --profile esm-only` on the tarball.
 *
 * Prints every failure and exits 1 if there is any; removes its temporary files either way.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAbsoluteUrl, markdownAnchors, markdownLinks } from './markdown-links.mjs';

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

/**
 * Checks that every plain entry of the manifest's "files" (no glob, not negated) brought at
 * least one file into the tarball: pnpm and npm skip a path that does not exist without a word.
 * @param {unknown} entries the manifest's "files"
 * @param {readonly string[]} files the tarball's files
 */
function checkFilesEntries(entries, files) {
  const plain = (Array.isArray(entries) ? entries : [])
    .filter((entry) => typeof entry === 'string' && !entry.startsWith('!'))
    .filter((entry) => !/[*?[\]{}]/.test(entry))
    .map((entry) => entry.replace(/^\.\//, '').replace(/\/+$/, ''));
  let clean = true;
  for (const entry of plain) {
    if (!files.some((file) => file === entry || file.startsWith(`${entry}/`))) {
      clean = false;
      fail(`"files" names ${entry}, but the tarball holds nothing of it (missing or misspelt)`);
    }
  }
  if (clean) pass(`"files": every entry is in the tarball (${plain.join(', ')})`);
}

/**
 * Checks the links of every markdown file in the tarball: the top-level README links only
 * absolute URLs and its own headings (npm shows it alone, so a relative path is a dead link
 * there); any other markdown file links only files and headings the tarball holds.
 * @param {string} packageRoot the extracted tarball's package/ directory
 * @param {readonly string[]} files the tarball's files
 */
function checkMarkdownLinks(packageRoot, files) {
  let clean = true;
  let count = 0;
  /** @type {Map<string, Set<string>>} */
  const anchors = new Map();
  /** @param {string} file */
  const anchorsOf = (file) => {
    let found = anchors.get(file);
    if (found === undefined) {
      found = markdownAnchors(readFileSync(join(packageRoot, file), 'utf8'));
      anchors.set(file, found);
    }
    return found;
  };
  for (const file of files.filter((path) => /\.md$/i.test(path))) {
    const isReadme = /^README\.md$/i.test(file);
    for (const { target, line } of markdownLinks(readFileSync(join(packageRoot, file), 'utf8'))) {
      if (isAbsoluteUrl(target)) continue;
      count++;
      /** @param {string} problem */
      const report = (problem) => {
        clean = false;
        fail(`${file}:${line} links ${target}: ${problem}`);
      };
      const [pathPart = '', fragment] = target.split('#', 2);
      if (pathPart === '') {
        if (!anchorsOf(file).has(fragment ?? '')) report('no such heading in the file');
        continue;
      }
      if (isReadme) {
        report('npm shows the README without the other files: link an absolute URL');
        continue;
      }
      const path = posix.normalize(posix.join(posix.dirname(file), decodeURI(pathPart)));
      const isFile = files.includes(path);
      if (!isFile && !files.some((other) => other.startsWith(`${path.replace(/\/$/, '')}/`))) {
        report('not in the tarball');
      } else if (isFile && fragment && /\.md$/i.test(path) && !anchorsOf(path).has(fragment)) {
        report(`${path} has no such heading`);
      }
    }
  }
  if (clean) pass(`markdown links: ${count} relative links and anchors, all found in the tarball`);
}

/**
 * @param {string} manifestText the packed package.json
 * @returns {{ files?: unknown }} the parsed manifest
 */
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
  for (const field of ['repository', 'homepage', 'bugs']) {
    if (manifest[field] === undefined) {
      clean = false;
      fail(`package.json has no "${field}" (npm links it from the package's page)`);
    }
  }
  if (clean) pass('package.json: versions resolved, exports point at dist/, links given');
  return manifest;
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
    const files = listTarball(tarball);
    checkFiles(files);
    const extracted = run('tar', ['-xzf', tarball, '-C', temporary]);
    if (extracted.status !== 0) throw new Error(`tar could not extract ${tarball}`);
    const packageRoot = join(temporary, 'package');
    const manifest = checkManifest(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
    checkFilesEntries(manifest.files, files);
    checkMarkdownLinks(packageRoot, files);
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
