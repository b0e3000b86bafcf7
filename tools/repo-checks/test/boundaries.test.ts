import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import { describe, expect, test } from 'vitest';
import {
  type CommandResult,
  makeTemporaryDirectory,
  repositoryRoot,
  runCommand,
} from './helpers/run-command.js';

/**
 * The boundaries check (`pnpm boundaries`, dependency-cruiser with the repository's
 * .dependency-cruiser.cjs) runs on a fixture with the repository's package graph: every package
 * of packages/* and apps/* with the workspace dependencies its real package.json declares, plus
 * one example. Each test plants one violation and shows the check rejects it.
 */

/** The directories and config the root `boundaries` script hands dependency-cruiser. */
const cruisedDirectories = '{packages,apps,examples,tools}/*';
const boundariesScriptArguments = [cruisedDirectories, '--config', '.dependency-cruiser.cjs'];

const dependencyCruiser = join(
  repositoryRoot,
  'tools/repo-checks/node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
);

interface WorkspacePackage {
  readonly directory: string;
  readonly name: string;
  readonly workspaceDependencies: readonly string[];
}

async function readRepositoryPackages(): Promise<WorkspacePackage[]> {
  const packages: WorkspacePackage[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of await readdir(join(repositoryRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const directory = `${group}/${entry.name}`;
      const manifest = JSON.parse(
        await readFile(join(repositoryRoot, directory, 'package.json'), 'utf8'),
      ) as { name: string; dependencies?: Record<string, string> };
      const workspaceDependencies = Object.entries(manifest.dependencies ?? {})
        .filter(([, range]) => range.startsWith('workspace:'))
        .map(([name]) => name);
      packages.push({ directory, name: manifest.name, workspaceDependencies });
    }
  }
  return packages;
}

const examplePackage: WorkspacePackage = {
  directory: 'examples/hello',
  name: '@yrpc/example-hello',
  workspaceDependencies: ['@yrpc/rpc'],
};

/** A temporary workspace shaped like the repository, with pnpm-style node_modules links. */
class BoundariesFixture {
  private constructor(
    readonly root: string,
    private readonly packages: readonly WorkspacePackage[],
    readonly remove: () => Promise<void>,
  ) {}

  static async create(): Promise<BoundariesFixture> {
    const temporary = await makeTemporaryDirectory('boundaries');
    const packages = [...(await readRepositoryPackages()), examplePackage];
    const fixture = new BoundariesFixture(temporary.path, packages, temporary.remove);
    await fixture.write('package.json', JSON.stringify({ name: 'fixture', private: true }));
    await copyFile(
      join(repositoryRoot, '.dependency-cruiser.cjs'),
      join(temporary.path, '.dependency-cruiser.cjs'),
    );
    // Resolvable from every package (hoisted), declared by none but as a devDependency.
    await fixture.writeNpmPackage('node_modules/dev-only-lib', 'dev-only-lib');
    await fixture.writeNpmPackage('node_modules/undeclared-lib', 'undeclared-lib');
    for (const workspacePackage of packages) await fixture.writeWorkspacePackage(workspacePackage);
    return fixture;
  }

  directoryOf(name: string): string {
    const found = this.packages.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no package ${name} in the fixture`);
    return found.directory;
  }

  async write(path: string, contents: string): Promise<void> {
    await mkdir(dirname(join(this.root, path)), { recursive: true });
    await writeFile(join(this.root, path), contents);
  }

  /** Declares `dependency` in the package's dependencies and links it, as `pnpm add` would. */
  async declareDependency(name: string, dependency: string): Promise<void> {
    const directory = this.directoryOf(name);
    const manifestPath = join(this.root, directory, 'package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
      dependencies: Record<string, string>;
    };
    if (manifest.dependencies[dependency] !== undefined) return;
    manifest.dependencies[dependency] = 'workspace:^';
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    await this.link(directory, dependency);
  }

  /** Runs the boundaries check through dependency-cruiser's CLI, as the root script does. */
  checkWithCli(): Promise<CommandResult> {
    // Generous: the CLI starts TypeScript's parser, slow on a loaded two-core machine.
    return runCommand(process.execPath, [dependencyCruiser, ...boundariesScriptArguments], {
      cwd: this.root,
      timeoutMs: 180_000,
    });
  }

  /**
   * Runs the same check in process, through the API the CLI calls, to keep the suite fast
   * (one dependency-cruiser start instead of one per case).
   */
  async check(): Promise<CommandResult> {
    const configuration = (await extractDepcruiseConfig(
      join(this.root, '.dependency-cruiser.cjs'),
    )) as IConfiguration;
    const result = await cruise([cruisedDirectories], {
      ...configuration.options,
      ruleSet: configuration,
      validate: true,
      baseDir: this.root,
      outputType: 'err',
    });
    return { code: result.exitCode, output: String(result.output) };
  }

  private async writeNpmPackage(directory: string, name: string): Promise<void> {
    await this.write(
      `${directory}/package.json`,
      JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
    );
    await this.write(`${directory}/index.js`, 'module.exports = {};\n');
  }

  private async writeWorkspacePackage(workspacePackage: WorkspacePackage): Promise<void> {
    const { directory, name, workspaceDependencies } = workspacePackage;
    const manifest = {
      name,
      version: '0.0.0',
      type: 'module',
      exports: {
        '.': {
          '@yrpc/source': './src/index.ts',
          types: './dist/index.d.ts',
          default: './dist/index.js',
        },
        './package.json': './package.json',
      },
      dependencies: Object.fromEntries(workspaceDependencies.map((dep) => [dep, 'workspace:^'])),
      devDependencies: { 'dev-only-lib': '1.0.0' },
    };
    await this.write(`${directory}/package.json`, JSON.stringify(manifest, null, 2));
    await this.write(`${directory}/src/value.ts`, `export const value = '${name}';\n`);
    const reExports = workspaceDependencies.map(
      (dependency, index) => `export { value as beneath${index} } from '${dependency}';\n`,
    );
    await this.write(
      `${directory}/src/index.ts`,
      `export { value } from './value.js';\n${reExports.join('')}`,
    );
    await this.write(
      `${directory}/test/value.test.ts`,
      "import 'dev-only-lib';\nimport { value } from '../src/index.js';\n\nvoid value;\n",
    );
    for (const dependency of workspaceDependencies) await this.link(directory, dependency);
  }

  private async link(directory: string, dependency: string): Promise<void> {
    const linkPath = join(this.root, directory, 'node_modules', dependency);
    await mkdir(dirname(linkPath), { recursive: true });
    const target = join(this.root, this.directoryOf(dependency));
    await symlink(relative(dirname(linkPath), target), linkPath, 'dir');
  }
}

async function withFixture(
  plant: (fixture: BoundariesFixture) => Promise<void>,
): Promise<CommandResult> {
  const fixture = await BoundariesFixture.create();
  try {
    await plant(fixture);
    return await fixture.check();
  } finally {
    await fixture.remove();
  }
}

function expectViolation(result: CommandResult, rule: string, file: string): void {
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).toMatch(new RegExp(`error ${rule}: ${file}`));
}

describe('boundaries check', () => {
  test('passes on the repository package graph with nothing planted', async () => {
    const result = await withFixture(async () => {});
    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  });

  test('fails on a layer skip: rpc importing @yrpc/net', async () => {
    const result = await withFixture((fixture) =>
      fixture.write('packages/rpc/src/skip.ts', "export { value } from '@yrpc/net';\n"),
    );
    expectViolation(result, 'layer-skip', 'packages/rpc/src/skip.ts');
  });

  test('fails on a layer skip even when the skipped package is declared and linked', async () => {
    const result = await withFixture(async (fixture) => {
      await fixture.declareDependency('@yrpc/rpc', '@yrpc/net');
      await fixture.write('packages/rpc/src/skip.ts', "export { value } from '@yrpc/net';\n");
    });
    expectViolation(result, 'layer-skip', 'packages/rpc/src/skip.ts');
  });

  test('the root boundaries script runs dependency-cruiser this way', async () => {
    const manifest = JSON.parse(await readFile(join(repositoryRoot, 'package.json'), 'utf8')) as {
      scripts: { boundaries?: string };
    };
    const quoted = boundariesScriptArguments.map((argument) =>
      argument.includes('*') ? `"${argument}"` : argument,
    );
    expect(manifest.scripts.boundaries).toContain(`depcruise ${quoted.join(' ')}`);
  });

  test('fails through the CLI with a non-zero exit code on a layer skip', {
    timeout: 240_000,
  }, async () => {
    const fixture = await BoundariesFixture.create();
    try {
      await fixture.write('packages/rpc/src/skip.ts', "export { value } from '@yrpc/net';\n");
      expectViolation(await fixture.checkWithCli(), 'layer-skip', 'packages/rpc/src/skip.ts');
    } finally {
      await fixture.remove();
    }
  });

  test('fails on an upward import even when the package above is declared and linked', async () => {
    const result = await withFixture(async (fixture) => {
      await fixture.declareDependency('@yrpc/net', '@yrpc/rpc');
      await fixture.write('packages/net/src/up.ts', "export { value } from '@yrpc/rpc';\n");
    });
    expectViolation(result, 'no-upward-import', 'packages/net/src/up.ts');
  });

  test('fails on an upward import: net importing @yrpc/rpc', async () => {
    const result = await withFixture((fixture) =>
      fixture.write('packages/net/src/up.ts', "export { value } from '@yrpc/rpc';\n"),
    );
    expectViolation(result, 'no-upward-import', 'packages/net/src/up.ts');
  });

  test("fails on a relative deep import into another package's src/", async () => {
    const result = await withFixture((fixture) =>
      fixture.write(
        'packages/rpc/src/deep.ts',
        "export { value } from '../../protocol/src/value.js';\n",
      ),
    );
    expectViolation(result, 'no-deep-import', 'packages/rpc/src/deep.ts');
  });

  test("fails on a deep import into another package's src/ by package name", async () => {
    const result = await withFixture((fixture) =>
      fixture.write(
        'packages/rpc/src/deep.ts',
        "export { value } from '@yrpc/protocol/src/value.js';\n",
      ),
    );
    expectViolation(result, 'no-deep-import', 'packages/rpc/src/deep.ts');
  });

  test('fails on an undeclared dependency', async () => {
    const result = await withFixture((fixture) =>
      fixture.write('packages/net/src/undeclared.ts', "import 'undeclared-lib';\n"),
    );
    expectViolation(result, 'no-undeclared-dependency', 'packages/net/src/undeclared.ts');
  });

  test('fails when src/ uses a devDependency (test/ may: the clean fixture does)', async () => {
    const result = await withFixture((fixture) =>
      fixture.write('packages/net/src/dev-only.ts', "import 'dev-only-lib';\n"),
    );
    expectViolation(result, 'src-not-to-dev-dependency', 'packages/net/src/dev-only.ts');
  });

  test('fails on a cycle', async () => {
    const result = await withFixture(async (fixture) => {
      await fixture.write('packages/poller/src/a.ts', "import './b.js';\nexport const a = 1;\n");
      await fixture.write('packages/poller/src/b.ts', "import './a.js';\nexport const b = 1;\n");
    });
    expectViolation(result, 'no-circular', 'packages/poller/src/(a|b).ts');
  });

  test('allows a cycle that goes through an import type (it vanishes at run time)', async () => {
    const result = await withFixture(async (fixture) => {
      await fixture.write('packages/poller/src/a.ts', "import './b.js';\nexport const a = 1;\n");
      await fixture.write(
        'packages/poller/src/b.ts',
        "import type { a } from './a.js';\nexport const b: typeof a = 1;\n",
      );
    });
    expect(result.code, result.output).toBe(0);
  });

  test('fails when an example imports anything but @yrpc/rpc', async () => {
    const result = await withFixture(async (fixture) => {
      await fixture.declareDependency('@yrpc/example-hello', '@yrpc/protocol');
      await fixture.write(
        'examples/hello/src/lower.ts',
        "export { value } from '@yrpc/protocol';\n",
      );
    });
    expectViolation(result, 'examples-only-rpc', 'examples/hello/src/lower.ts');
  });

  test.for([
    ['otel-only-rpc', '@yrpc/otel', 'otel'],
    ['cluster-only-rpc', '@yrpc/cluster', 'cluster'],
    ['http-only-rpc', '@yrpc/http', 'http'],
    ['cli-only-rpc-http', '@yrpc/cli', 'cli'],
  ] as const)(
    'fails when %s is broken: %s importing a lower layer it declares',
    async ([rule, name, directory]) => {
      const result = await withFixture(async (fixture) => {
        await fixture.declareDependency(name, '@yrpc/protocol');
        await fixture.write(
          `packages/${directory}/src/lower.ts`,
          "export { value } from '@yrpc/protocol';\n",
        );
      });
      expectViolation(result, rule, `packages/${directory}/src/lower.ts`);
    },
  );

  test('lets the cli import @yrpc/http, and no other package above rpc', async () => {
    const allowed = await withFixture(async (fixture) => {
      await fixture.write('packages/cli/src/above.ts', "export { value } from '@yrpc/http';\n");
    });
    expect(allowed.code, allowed.output).toBe(0);
    const refused = await withFixture(async (fixture) => {
      await fixture.declareDependency('@yrpc/cli', '@yrpc/otel');
      await fixture.write('packages/cli/src/above.ts', "export { value } from '@yrpc/otel';\n");
    });
    expectViolation(refused, 'cli-only-rpc-http', 'packages/cli/src/above.ts');
  });

  test('lets the benchmark app import any library layer it declares', async () => {
    const result = await withFixture(async (fixture) => {
      await fixture.declareDependency('@yrpc/bench', '@yrpc/coroutine');
      await fixture.write('apps/bench/src/layer.ts', "export { value } from '@yrpc/coroutine';\n");
    });
    expect(result.code, result.output).toBe(0);
  });
});
