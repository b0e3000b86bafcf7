import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const read = (file: string) => readFileSync(new URL(`./readme/${file}`, import.meta.url), 'utf8');
const readmeDirectory = fileURLToPath(new URL('./readme/', import.meta.url));

afterEach(() => {
  vi.restoreAllMocks();
});

/** What `console.log` prints while `run` runs, one entry per call, formatted as it formats. */
async function logged(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  await run();
  return lines;
}

/** The README's section `heading`, up to the next section. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README section "${heading}"`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The lines of the first fenced `sh` block of `text` that mentions `word`. */
function shellBlock(text: string, word: string): string[] {
  for (const match of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const block = match[1] ?? '';
    if (block.includes(word)) return block.trim().split('\n');
  }
  throw new Error(`no sh block with ${word}`);
}

describe('README', () => {
  it('shows the example and its .proto exactly as they are tested', () => {
    expect(readme).toContain(read('greeter.proto'));
    expect(readme).toContain(read('example.ts'));
  });

  it('runs its complete example: three call styles, a deadline reaching the server', async () => {
    const lines = await logged(() => import('./readme/example.js'));
    expect(lines.slice(0, 3)).toEqual(['Hello, promise!', 'Hello, callback!', 'Hello, coroutine!']);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^DEADLINE_EXCEEDED \/demo\.Greeter\/SayHelloSlowly on 127\.0\.0\.1:\d+: /,
      ),
    );
    expect(lines).toContain('server: SayHelloSlowly(late) finished or was stopped');
  });
});

describe('README, typed stubs from static code', () => {
  const text = section('Typed stubs from static code');

  it('says what to install: protobufjs of the major version this package uses, protobufjs-cli', () => {
    const install = shellBlock(text, 'npm install');
    const { version } = createRequire(import.meta.url)('protobufjs/package.json') as {
      version: string;
    };
    expect(install).toContain(`npm install @yrpc/rpc protobufjs@${version.split('.')[0]}`);
    expect(install).toContain('npm install --save-dev protobufjs-cli');
  });

  it('shows the static-code example exactly as it is tested, and it runs', async () => {
    expect(text).toContain(read('static-example.ts'));
    expect(await logged(() => import('./readme/static-example.js'))).toEqual(['Hi Ada']);
  });

  it('generates the code the example runs with the commands it shows', {
    timeout: 120_000,
  }, async () => {
    const commands = shellBlock(text, 'pbjs');
    const project = await mkdtemp(join(tmpdir(), 'yrpc-readme-static-'));
    try {
      await mkdir(join(project, 'proto'));
      await copyFile(join(readmeDirectory, 'greeter.proto'), join(project, 'proto/greeter.proto'));
      // protobufjs-cli as a devDependency puts pbjs and pbts where `npx` finds them.
      const bin = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
      for (const command of commands) {
        await promisify(execFile)('sh', ['-c', command.replace(/^npx /, '')], {
          cwd: project,
          env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
        });
      }
      for (const file of ['greeter.js', 'greeter.d.ts']) {
        const generated = await readFile(join(project, 'src/generated', file), 'utf8');
        expect(generated, file).toBe(read(`generated/${file}`));
      }
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('shows the messages example and its .proto exactly as they are tested', () => {
    const text = section('Messages');
    expect(text).toContain(read('protos/orders.proto'));
    expect(text).toContain(read('messages-example.ts'));
  });

  it('runs its messages example: every accepted form kept, a wrong value named', async () => {
    const lines = await logged(() => import('./readme/messages-example.js'));
    const text = section('Messages');
    const printed = /It prints \(the handler's line first\):\n\n```\n([\s\S]*?)```/.exec(text)?.[1];
    const normalize = (line: string) => line.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT');
    expect(lines.map(normalize)).toEqual(
      (printed ?? '')
        .trim()
        .split('\n')
        .reduce<string[]>((joined, line) => {
          // console.log of an object prints it over several lines: one entry per call.
          if (line.startsWith(' ') || line === '}') joined[joined.length - 1] += `\n${line}`;
          else joined.push(line);
          return joined;
        }, [])
        .map(normalize),
    );
  });

  it('shows the streaming example and its .proto exactly as they are tested', () => {
    expect(readme).toContain(read('streaming.proto'));
    expect(readme).toContain(read('streaming-example.ts'));
  });

  it('runs its streaming example: every kind, in every call style', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    await import('./readme/streaming-example.js');
    expect(lines).toEqual([
      'range 1',
      'range 2',
      'range 3',
      'sum 6',
      'double 10',
      'double 12',
      'sum by callback 30',
      'coroutine range 1',
      'coroutine range 2',
    ]);
  });
});
