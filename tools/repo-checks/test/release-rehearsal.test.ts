import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, type ExpectStatic, expect, test } from 'vitest';
import { type LocalRegistry, startLocalRegistry } from './helpers/local-registry.js';
import {
  type CommandResult,
  makeTemporaryDirectory,
  repositoryRoot,
  runCommand,
} from './helpers/run-command.js';

/**
 * A release rehearsed on a real registry. A verdaccio registry on loopback gets the @yrpc
 * packages as `pnpm release` would publish them from the committed state (HEAD) of this
 * repository: a copy of HEAD is installed, versioned with `changeset version` (its pending
 * changesets applied), built, and published with `changeset publish`. Then each package is
 * installed alone with npm into an empty project, its dependencies coming from the registry too
 * (the @yrpc package beneath it from the rehearsal, everything else through verdaccio's uplink
 * to the npm registry this machine uses), and the example of its README, taken from the README
 * as it is, is type-checked against the published types and run; its output must be what the
 * README says it prints. The repository itself is not touched.
 */

/** What each package's README example prints, line by line. Every published package has one. */
const expectedOutput: Record<
  string,
  (expect: ExpectStatic, output: string[], readme: ReadmeExample) => void
> = {
  '@yrpc/coroutine': (expect, lines) => {
    // console.log of an array of six strings; which worker takes which job is up to the scheduler.
    const jobs = lines
      .join(' ')
      .match(/'worker [0-2] did job [0-5]'/g)
      ?.map((entry) => Number(entry.at(-2)));
    expect(jobs?.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lines[0]).toBe('[');
    expect(lines.at(-1)).toBe(']');
    expect(lines).toHaveLength(8);
  },
  // Readable while bytes are buffered, the bytes, then no readiness left.
  '@yrpc/poller': (expect, lines) => expect(lines).toEqual(['true', 'ping', '0']),
  '@yrpc/net': (expect, lines) => expect(lines).toEqual(['hello', 'closed: null']),
  '@yrpc/protocol': (expect, lines) => expect(lines).toEqual(['call 1 demo.Echo/Say 1000', 'hi']),
  // The README shows what it prints: the generated file's name and its exported declarations.
  '@yrpc/codegen': (expect, lines, readme) => expect(lines).toEqual(readme.prints),
  // The README shows what it prints: the reply, the two spans, and how they are linked.
  '@yrpc/otel': (expect, lines, readme) => expect(lines).toEqual(readme.prints),
  // The README shows what it prints: the workers, the processes that answered, the calls.
  '@yrpc/cluster': (expect, lines, readme) => expect(lines).toEqual(readme.prints),
  // The README shows what it prints: one greeting per protocol.
  '@yrpc/http': (expect, lines, readme) => expect(lines).toEqual(readme.prints),
  // The README shows what it prints: what the `yrpc` command printed for each of its runs.
  '@yrpc/cli': (expect, lines, readme) => expect(lines).toEqual(readme.prints),
  // The README shows what it prints; "the last two lines may come in either order".
  '@yrpc/rpc': (expect, lines, readme) => {
    const printed = readme.prints?.map((line) =>
      line.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'),
    );
    const actual = lines.map((line) => line.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'));
    expect(printed, 'the README shows what the example prints').toHaveLength(5);
    expect(actual.slice(0, 3)).toEqual(printed?.slice(0, 3));
    expect([...actual.slice(3)].sort()).toEqual([...(printed?.slice(3) ?? [])].sort());
  },
};

/**
 * What a package's README example needs beside the package (its Install section says so): the
 * OpenTelemetry SDK an application brings to @yrpc/otel; the server @yrpc/cli's example calls.
 */
const exampleDependencies: Record<string, string[]> = {
  '@yrpc/otel': ['@opentelemetry/api@~1.9.0', '@opentelemetry/sdk-trace-base@^2.12.0'],
  '@yrpc/cli': ['@yrpc/rpc'],
};

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

interface ReadmeExample {
  /** The program: the first ```ts or ```js block of the README's "Example" section. */
  readonly program: { name: string; language: 'ts' | 'js'; source: string };
  /** Blocks of the section introduced by a file name ("`greeter.proto`:"), written next to it. */
  readonly files: ReadonlyMap<string, string>;
  /** The lines of a plain block introduced by "It prints:", if the README shows the output. */
  readonly prints: readonly string[] | undefined;
}

/** Takes the example out of a package README's "## Example" section. */
function readmeExample(readme: string): ReadmeExample {
  const section = /^## Examples?\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('the README has no "## Example" section');
  let program: ReadmeExample['program'] | undefined;
  const files = new Map<string, string>();
  let prints: string[] | undefined;
  for (const block of section.matchAll(/(?:^|\n)([^\n]*)\n*\n```(\w*)\n([\s\S]*?)\n```/g)) {
    const [, intro = '', language = '', source = ''] = block;
    const fileName = /^`([\w.-]+\.\w+)`[,:]/.exec(intro.trim())?.[1];
    if (program === undefined && (language === 'ts' || language === 'js')) {
      program = { name: fileName ?? `example.${language}`, language, source: `${source}\n` };
    } else if (fileName !== undefined) {
      files.set(fileName, `${source}\n`);
    } else if (language === '' && /It prints:\s*$/.test(intro)) {
      prints = source.split('\n');
    }
  }
  if (program === undefined) throw new Error('the README\'s "Example" section has no ts/js block');
  return { program, files, prints };
}

/** Type errors of a TypeScript example, checked as an ESM project with its node_modules. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    // The consumer project installs only the package; Node's types come from here.
    typeRoots: [join(repositoryRoot, 'tools/repo-checks/node_modules/@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file === undefined || diagnostic.start === undefined) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}:${line + 1}:${character + 1} ${text}`;
  });
}

/** The example as Node runs it: TypeScript with its types removed, nothing else changed. */
function toJavaScript(source: string, fileName: string): string {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

function expectSuccess(result: CommandResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output}`);
}

const lastLine = (output: string) => output.trim().split('\n').at(-1)?.trim() ?? '';

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// Bounded, with room for a loaded two-core machine: the release (install, build, publish) and
// each consumer (install through the uplink, type-check, run).
const releaseTimeoutMs = 420_000;
const consumerTimeoutMs = 180_000;

describe('release rehearsal on a local registry', () => {
  let scratch: { path: string; remove: () => Promise<void> } | undefined;
  let registry: LocalRegistry | undefined;
  /** Environment of every command run here: the local registry, no user npm config. */
  let env: NodeJS.ProcessEnv = {};
  const published: Manifest[] = [];

  beforeAll(async () => {
    const started = performance.now();
    scratch = await makeTemporaryDirectory('release');
    const root = scratch.path;
    const copy = join(root, 'repository');
    const run = (cwd: string, command: string, args: string[], timeoutMs = 120_000) =>
      runCommand(command, args, { cwd, env, timeoutMs });

    // pnpm as pinned by package.json, called by name (changesets runs `pnpm` from PATH): the one
    // on PATH when it is that version (pnpm scripts run with it there), else npx's copy of it.
    const rootManifest = JSON.parse(await readFile(join(repositoryRoot, 'package.json'), 'utf8'));
    const pnpmVersion = /^pnpm@([^+]+)/.exec(rootManifest.packageManager)?.[1];
    if (pnpmVersion === undefined) throw new Error('package.json pins no pnpm');
    let path = process.env.PATH ?? '';
    const onPath = await runCommand('pnpm', ['--version'], { cwd: root }).catch(() => undefined);
    if (onPath?.output.trim() !== pnpmVersion) {
      const found = await runCommand(
        'npx',
        ['--yes', '--package', `pnpm@${pnpmVersion}`, '--call', 'command -v pnpm'],
        { cwd: root, timeoutMs: 120_000 },
      );
      expectSuccess(found, `npx pnpm@${pnpmVersion}`);
      path = `${dirname(lastLine(found.output))}${delimiter}${path}`;
    }
    // The store this repository installs from (the copy installs from it, offline if it can),
    // and the registry it uses, which verdaccio's uplink then uses for everything not @yrpc.
    // Both are the last line printed: npm may warn first (about pnpm's npm_config_* variables).
    const store = await runCommand('pnpm', ['store', 'path'], {
      cwd: repositoryRoot,
      env: { PATH: path },
    });
    expectSuccess(store, 'pnpm store path');
    const storePath = lastLine(store.output);
    const npmRegistry = await runCommand('npm', ['config', 'get', 'registry'], {
      cwd: repositoryRoot,
    });
    expectSuccess(npmRegistry, 'npm config get registry');
    const uplink = lastLine(npmRegistry.output);
    if (!/^https?:\/\/[^/]/.test(uplink)) {
      throw new Error(`npm config get registry printed no URL:\n${npmRegistry.output}`);
    }

    registry = await startLocalRegistry({
      directory: join(root, 'registry'),
      scope: '@yrpc',
      uplink,
    });
    // Fail fast, and say why, when the uplink is out of reach (no network, or a TLS-intercepting
    // proxy whose CA, NODE_EXTRA_CA_CERTS, did not reach this process).
    const probe = await fetch(`${registry.url}zod`, { signal: AbortSignal.timeout(60_000) });
    if (!probe.ok) {
      throw new Error(
        `the local registry cannot fetch zod from its uplink ${uplink}: ${probe.status}`,
      );
    }
    await probe.arrayBuffer();
    // A user config of our own: the local registry and its token, and no one's real credentials.
    const host = registry.url.replace(/^http:/, '');
    await writeFile(
      join(root, 'npmrc'),
      `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`,
    );
    env = {
      // Nothing of the npm configuration this test was started with (npm and pnpm pass theirs
      // to scripts as npm_config_* variables), only what is set here.
      ...Object.fromEntries(
        Object.keys(process.env)
          .filter((key) => /^npm_config_/i.test(key))
          .map((key) => [key, undefined]),
      ),
      PATH: path,
      npm_config_userconfig: join(root, 'npmrc'),
      // In the environment, not only in a config file: `changeset publish` takes the registry
      // from npm_config_registry (or publishConfig) alone and otherwise hands
      // https://registry.npmjs.org to `npm info` and, through this variable, to `pnpm publish`.
      npm_config_registry: registry.url,
      npm_config_cache: join(root, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      // package-lock.json records where each package came from (checked below).
      npm_config_omit_lockfile_registry_resolved: 'false',
    };

    // The committed state of the repository, in a git repository of its own.
    const head = await runCommand('git', ['rev-parse', 'HEAD'], { cwd: repositoryRoot });
    expectSuccess(head, 'git rev-parse HEAD');
    const archive = join(root, 'head.tar');
    expectSuccess(
      await runCommand('git', ['archive', '--format=tar', '-o', archive, 'HEAD'], {
        cwd: repositoryRoot,
      }),
      'git archive HEAD',
    );
    await mkdir(copy);
    expectSuccess(await run(copy, 'tar', ['-xf', archive]), 'tar -x');
    const git = (...args: string[]) =>
      run(copy, 'git', [
        '-c',
        'user.name=release rehearsal',
        '-c',
        'user.email=x@y.invalid',
        ...args,
      ]);
    expectSuccess(await git('init', '--quiet', '--initial-branch=main'), 'git init');
    expectSuccess(await git('add', '.'), 'git add');
    expectSuccess(await git('commit', '--quiet', '--message', 'HEAD'), 'git commit');
    console.log(`release rehearsal of ${head.output.trim()} on ${registry.url}, uplink ${uplink}`);

    let step = performance.now();
    expectSuccess(
      await run(copy, 'pnpm', [
        'install',
        '--frozen-lockfile',
        '--prefer-offline',
        `--store-dir=${storePath}`,
      ]),
      'pnpm install',
    );
    console.log(`  pnpm install: ${seconds(step)}`);

    // `pnpm version-packages`, then the part of `pnpm release` after `pnpm test`: build what is
    // published, `changeset publish`.
    step = performance.now();
    expectSuccess(await run(copy, 'pnpm', ['run', 'version-packages']), 'changeset version');
    expectSuccess(
      await run(copy, 'pnpm', ['--filter', './packages/*', 'run', 'build'], 240_000),
      'build',
    );
    console.log(`  changeset version and build: ${seconds(step)}`);

    step = performance.now();
    const publish = await run(copy, 'pnpm', ['exec', 'changeset', 'publish']);
    expectSuccess(publish, 'changeset publish');
    console.log(`  changeset publish: ${seconds(step)}`);

    for (const entry of await readdir(join(copy, 'packages'), { withFileTypes: true })) {
      const file = join(copy, 'packages', entry.name, 'package.json');
      const manifest = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Manifest;
      if (entry.isDirectory() && manifest.name !== undefined && manifest.private !== true) {
        published.push(manifest);
      }
    }
    console.log(`  release: ${seconds(started)}`);
  }, releaseTimeoutMs);

  afterAll(async () => {
    await registry?.stop();
    await scratch?.remove();
  });

  test('changeset publish put every public package on the registry, with resolved ranges', async () => {
    expect(published.map(({ name }) => name).sort()).toEqual(Object.keys(expectedOutput).sort());
    for (const manifest of published) {
      expect(manifest.version, `${manifest.name} was versioned`).not.toBe('0.0.0');
      const response = await fetch(`${registry?.url}${manifest.name.replace('/', '%2f')}`);
      expect(response.status, manifest.name).toBe(200);
      const packument = (await response.json()) as {
        'dist-tags': Record<string, string>;
        versions: Record<string, Manifest>;
      };
      expect(packument['dist-tags'].latest, manifest.name).toBe(manifest.version);
      const dependencies = packument.versions[manifest.version]?.dependencies ?? {};
      for (const [name, range] of Object.entries(dependencies)) {
        expect(range, `${manifest.name} → ${name}`).not.toMatch(/^(workspace|catalog):/);
        const local = published.find((other) => other.name === name);
        if (local !== undefined) {
          expect(range, `${manifest.name} → ${name}`).toBe(`^${local.version}`);
        }
      }
    }
  });

  test.concurrent.for(Object.keys(expectedOutput))(
    '%s installs alone from the registry and runs its README example',
    { timeout: consumerTimeoutMs },
    async (name, { expect }) => {
      const root = scratch?.path;
      const manifest = published.find((entry) => entry.name === name);
      if (root === undefined || registry === undefined || manifest === undefined) {
        throw new Error(`${name} was not published (see the release above)`);
      }
      const started = performance.now();
      const project = join(root, 'consumers', name.replace('/', '+'));
      await mkdir(project, { recursive: true });
      await writeFile(
        join(project, 'package.json'),
        `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
      );
      const install = await runCommand(
        'npm',
        [
          'install',
          name,
          ...(exampleDependencies[name] ?? []),
          '--registry',
          registry.url,
          '--no-audit',
          '--no-fund',
        ],
        { cwd: project, env, timeoutMs: 150_000 },
      );
      expectSuccess(install, `npm install ${name}`);
      const installed = JSON.parse(
        await readFile(join(project, 'node_modules', name, 'package.json'), 'utf8'),
      ) as Manifest;
      expect(installed.version).toBe(manifest.version);
      // Everything came through the local registry: the rehearsal's packages (the ones beneath
      // at the versions just published) and the uplink's.
      const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version?: string; resolved?: string }>;
      };
      const installedPackages = Object.entries(lock.packages).filter(([path]) => path !== '');
      for (const [path, entry] of installedPackages) {
        expect(entry.resolved?.startsWith(registry.url), `${path}: ${entry.resolved}`).toBe(true);
      }
      for (const beneath of Object.keys(manifest.dependencies ?? {})) {
        const version = published.find((other) => other.name === beneath)?.version;
        if (version === undefined) continue;
        expect(lock.packages[`node_modules/${beneath}`]?.version, beneath).toBe(version);
      }

      const readme = await readFile(join(project, 'node_modules', name, 'README.md'), 'utf8');
      const example = readmeExample(readme);
      for (const [file, contents] of example.files) await writeFile(join(project, file), contents);
      const source = join(project, example.program.name);
      await writeFile(source, example.program.source);
      let script = source;
      if (example.program.language === 'ts') {
        expect(typeErrors(source), 'the README example type-checks').toEqual([]);
        script = source.replace(/\.ts$/, '.js');
        await writeFile(script, toJavaScript(example.program.source, example.program.name));
      }
      // It must end by itself: a timeout fails the test.
      const result = await runCommand(process.execPath, [script], {
        cwd: project,
        env,
        timeoutMs: 30_000,
      });
      expectSuccess(result, `the README example of ${name}`);
      const lines = result.output.trimEnd().split('\n');
      console.log(`${name}@${manifest.version} (${seconds(started)}) printed:\n${result.output}`);
      expectedOutput[name]?.(expect, lines, example);
    },
  );
});
