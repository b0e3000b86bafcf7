import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  type CommandResult,
  makeTemporaryDirectory,
  repositoryRoot,
  runCommand,
} from './helpers/run-command.js';

/**
 * pack-check runs on small fixture packages: one that is fine, and ones that would publish
 * tests, sources or fixtures, whose exports point at a missing file, whose "files" name a path
 * that does not exist, whose markdown links what npm users will not have, or whose package.json
 * does not say where the repository is.
 */

const packCheck = join(repositoryRoot, 'tools/repo-checks/bin/pack-check.mjs');

interface FixtureOptions {
  readonly files?: readonly string[];
  readonly typesEntry?: string;
  /** Replaces the README's text. */
  readonly readme?: string;
  /** Replaces the text of SPEC.md, a document the package ships. */
  readonly spec?: string;
  /** Fields of package.json to leave out. */
  readonly omit?: readonly string[];
}

/** A README and a shipped SPEC.md whose links all work once published. */
const goodReadme =
  '# @fixture/answer\n\nSee [Usage](#usage) and [the spec](https://example.com/SPEC.md).\n\n## Usage\n';

async function writeFixturePackage(root: string, options: FixtureOptions): Promise<void> {
  const rootManifest = JSON.parse(await readFile(join(repositoryRoot, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  const manifest = {
    name: '@fixture/answer',
    version: '1.0.0',
    description: 'A fixture package for pack-check.',
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.19.0' },
    exports: {
      '.': { types: options.typesEntry ?? './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: options.files ?? ['dist', 'SPEC.md'],
    repository: { type: 'git', url: 'git+https://example.com/answer.git' },
    homepage: 'https://example.com/answer#readme',
    bugs: 'https://example.com/answer/issues',
    // Pins the pnpm that pack-check falls back to when none is on PATH.
    packageManager: rootManifest.packageManager,
  };
  for (const field of options.omit ?? []) delete (manifest as Record<string, unknown>)[field];
  const files: Record<string, string> = {
    'package.json': JSON.stringify(manifest, null, 2),
    'pnpm-workspace.yaml': 'packages: []\n',
    'README.md': options.readme ?? goodReadme,
    'SPEC.md':
      options.spec ??
      '# Spec\n\n## Frames\n\nSee [the answer](dist/index.d.ts) and [frames](#frames).\n',
    LICENSE: 'MIT\n',
    'dist/index.js': 'export const answer = 42;\n',
    'dist/index.d.ts': 'export declare const answer = 42;\n',
    'src/index.ts': 'export const answer = 42;\n',
    'test/answer.test.js': "import { answer } from '../dist/index.js';\nvoid answer;\n",
    'test/fixtures/answer.json': '{ "answer": 42 }\n',
  };
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  }
}

/** Runs pack-check on a fixture package, with its own TMPDIR to see what it leaves behind. */
async function packCheckFixture(
  options: FixtureOptions,
): Promise<CommandResult & { leftovers: string[] }> {
  const packageDirectory = await makeTemporaryDirectory('pack-fixture');
  const scratch = await makeTemporaryDirectory('pack-scratch');
  try {
    await writeFixturePackage(packageDirectory.path, options);
    const result = await runCommand(process.execPath, [packCheck], {
      cwd: packageDirectory.path,
      env: { TMPDIR: scratch.path },
      timeoutMs: 240_000,
    });
    return { ...result, leftovers: await readdir(scratch.path) };
  } finally {
    await packageDirectory.remove();
    await scratch.remove();
  }
}

// Each case packs and runs two checkers: allow for a loaded machine.
describe('pack-check', { timeout: 300_000 }, () => {
  test('passes on a package that publishes dist/, README, LICENSE and a document', async () => {
    const result = await packCheckFixture({});
    expect(result.output).toContain('✓ "files": every entry is in the tarball (dist, SPEC.md)');
    expect(result.output).toContain('✓ markdown links: 3 relative links and anchors');
    expect(result.output).toContain('✓ publint --strict');
    expect(result.output).toContain('✓ attw --profile esm-only');
    expect(result.output).toContain('pack-check @fixture/answer: ok');
    expect(result.code, result.output).toBe(0);
    expect(result.leftovers).toEqual([]);
  });

  test('fails when "files" lets tests, fixtures and sources into the tarball', async () => {
    const result = await packCheckFixture({ files: ['dist', 'SPEC.md', 'src', 'test'] });
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain('tarball holds test/answer.test.js: tests');
    expect(result.output).toContain('tarball holds test/fixtures/answer.json');
    expect(result.output).toContain('tarball holds src/index.ts: source files');
    expect(result.leftovers).toEqual([]);
  });

  test('fails when exports point at a file the tarball does not hold', async () => {
    const result = await packCheckFixture({ typesEntry: './dist/missing.d.ts' });
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain('dist/missing.d.ts');
    expect(result.output).toContain('✗ publint --strict reported problems');
    expect(result.leftovers).toEqual([]);
  });

  test('fails when a "files" entry is missing and when markdown links what npm users lack', async () => {
    const result = await packCheckFixture({
      files: ['dist', 'SPEC.md', 'PROTOCOL.md'],
      readme:
        '# @fixture/answer\n\n[Architecture](../../docs/ARCHITECTURE.md), [spec](SPEC.md), [x](#x)\n',
      spec: '# Spec\n\nThe [schema](proto/answer.proto) and the [README](README.md#usage).\n',
    });
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain(
      '"files" names PROTOCOL.md, but the tarball holds nothing of it',
    );
    expect(result.output).toContain('README.md:3 links ../../docs/ARCHITECTURE.md: npm shows');
    expect(result.output).toContain('README.md:3 links SPEC.md: npm shows');
    expect(result.output).toContain('README.md:3 links #x: no such heading');
    expect(result.output).toContain('SPEC.md:3 links proto/answer.proto: not in the tarball');
    expect(result.output).toContain(
      'SPEC.md:3 links README.md#usage: README.md has no such heading',
    );
    expect(result.leftovers).toEqual([]);
  });

  test('fails when package.json does not name its repository, homepage and bugs', async () => {
    const result = await packCheckFixture({ omit: ['repository', 'homepage', 'bugs'] });
    expect(result.code, result.output).toBe(1);
    for (const field of ['repository', 'homepage', 'bugs']) {
      expect(result.output).toContain(`package.json has no "${field}"`);
    }
    expect(result.leftovers).toEqual([]);
  });
});
