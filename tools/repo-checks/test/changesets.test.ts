import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type CommandResult,
  makeTemporaryDirectory,
  repositoryRoot,
  runCommand,
} from './helpers/run-command.js';

/**
 * Changesets on a temporary git copy of the repository's manifests and .changeset/config.json
 * (none of the repository's pending changesets): `changeset status` works, and a changeset that
 * bumps @yrpc/net bumps the packages that depend on it, as the config says.
 */

const changesetCli = join(repositoryRoot, 'tools/repo-checks/node_modules/@changesets/cli/bin.js');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

/** Copies every workspace manifest and the changesets config into a fresh git repository. */
async function copyWorkspace(root: string): Promise<void> {
  const files = ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json'];
  for (const group of ['packages', 'apps', 'examples', 'tools']) {
    const entries = await readdir(join(repositoryRoot, group), { withFileTypes: true }).catch(
      () => [],
    );
    for (const entry of entries) {
      if (entry.isDirectory()) files.push(`${group}/${entry.name}/package.json`);
    }
  }
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await copyFile(join(repositoryRoot, file), join(root, file)).catch((error: unknown) => {
      // A package directory someone is still creating may have no package.json yet.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  }
  // The changelog generator named in config.json resolves from the root's node_modules.
  await symlink(join(repositoryRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  await writeFile(join(root, '.gitignore'), 'node_modules\n');
}

function git(root: string, ...args: string[]): Promise<CommandResult> {
  return runCommand(
    'git',
    ['-c', 'user.name=changesets test', '-c', 'user.email=test@example.invalid', ...args],
    { cwd: root },
  );
}

function changeset(root: string, ...args: string[]): Promise<CommandResult> {
  return runCommand(process.execPath, [changesetCli, ...args], { cwd: root });
}

async function readManifest(root: string, directory: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(root, directory, 'package.json'), 'utf8')) as Manifest;
}

function bumpMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${(minor ?? 0) + 1}.0`;
}

function bumpPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}

describe('changesets', () => {
  let workspace: { path: string; remove: () => Promise<void> };
  const before = new Map<string, Manifest>();
  const directories = [
    'packages/coroutine',
    'packages/poller',
    'packages/net',
    'packages/protocol',
    'packages/rpc',
    'packages/codegen',
    'packages/otel',
    'packages/cluster',
    'packages/http',
    'packages/cli',
    'apps/bench',
  ];

  beforeAll(async () => {
    workspace = await makeTemporaryDirectory('changesets');
    await copyWorkspace(workspace.path);
    for (const directory of directories) {
      before.set(directory, await readManifest(workspace.path, directory));
    }
    expect((await git(workspace.path, 'init', '--quiet', '--initial-branch=main')).code).toBe(0);
    expect((await git(workspace.path, 'add', '.')).code).toBe(0);
    const commit = await git(workspace.path, 'commit', '--quiet', '--message', 'initial');
    expect(commit.code, commit.output).toBe(0);
  });

  afterAll(async () => {
    await workspace?.remove();
  });

  test('the config versions packages independently, and never the private ones', async () => {
    const config = JSON.parse(
      await readFile(join(repositoryRoot, '.changeset/config.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(config).toMatchObject({
      fixed: [],
      linked: [],
      updateInternalDependencies: 'patch',
      privatePackages: { version: false, tag: false },
      access: 'public',
      baseBranch: 'main',
      changelog: '@changesets/cli/changelog',
      // Each layer re-exports part of the one beneath, so a lower layer's release changes
      // what the layers above offer: they are released too, even when still in range.
      ___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH: { updateInternalDependents: 'always' },
    });
  });

  test('changeset status works on a clean main branch', async () => {
    const status = await changeset(workspace.path, 'status');
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain('NO packages to be bumped');
  });

  test('a changeset bumping @yrpc/net bumps protocol, rpc, codegen, otel, cluster, http and cli, which depend on it', async () => {
    await writeFile(
      join(workspace.path, '.changeset/net-faster-writes.md'),
      '---\n"@yrpc/net": minor\n---\n\nFaster coalesced writes.\n',
    );
    const status = await changeset(workspace.path, 'status', '--output=status.json');
    expect(status.code, status.output).toBe(0);
    const planned = JSON.parse(await readFile(join(workspace.path, 'status.json'), 'utf8')) as {
      releases: { name: string; type: string }[];
    };
    // Private packages (apps/bench, examples) appear with type "none": never versioned.
    const releases = Object.fromEntries(
      planned.releases.filter(({ type }) => type !== 'none').map(({ name, type }) => [name, type]),
    );
    expect(releases).toEqual({
      '@yrpc/net': 'minor',
      '@yrpc/protocol': 'patch',
      '@yrpc/rpc': 'patch',
      '@yrpc/codegen': 'patch',
      '@yrpc/otel': 'patch',
      '@yrpc/cluster': 'patch',
      '@yrpc/http': 'patch',
      '@yrpc/cli': 'patch',
    });

    const versioned = await changeset(workspace.path, 'version');
    expect(versioned.code, versioned.output).toBe(0);
    const version = async (directory: string) =>
      (await readManifest(workspace.path, directory)).version;
    const previous = (directory: string) => before.get(directory)?.version ?? 'missing';
    expect(await version('packages/net')).toBe(bumpMinor(previous('packages/net')));
    expect(await version('packages/protocol')).toBe(bumpPatch(previous('packages/protocol')));
    expect(await version('packages/rpc')).toBe(bumpPatch(previous('packages/rpc')));
    expect(await version('packages/codegen')).toBe(bumpPatch(previous('packages/codegen')));
    expect(await version('packages/otel')).toBe(bumpPatch(previous('packages/otel')));
    expect(await version('packages/cluster')).toBe(bumpPatch(previous('packages/cluster')));
    expect(await version('packages/http')).toBe(bumpPatch(previous('packages/http')));
    expect(await version('packages/cli')).toBe(bumpPatch(previous('packages/cli')));
    expect(await version('packages/poller')).toBe(previous('packages/poller'));
    expect(await version('packages/coroutine')).toBe(previous('packages/coroutine'));
    expect(await version('apps/bench')).toBe(previous('apps/bench'));

    const netChangelog = await readFile(join(workspace.path, 'packages/net/CHANGELOG.md'), 'utf8');
    expect(netChangelog).toContain('### Minor Changes');
    expect(netChangelog).toContain('Faster coalesced writes.');
    const protocolChangelog = await readFile(
      join(workspace.path, 'packages/protocol/CHANGELOG.md'),
      'utf8',
    );
    expect(protocolChangelog).toContain('Updated dependencies');
    expect(protocolChangelog).toContain(`@yrpc/net@${bumpMinor(previous('packages/net'))}`);
    // pnpm turns workspace ranges into versions when it packs; the manifests keep them.
    expect((await readManifest(workspace.path, 'packages/protocol')).dependencies).toMatchObject({
      '@yrpc/net': 'workspace:^',
    });
  });
});
