import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findMicroBenchmarks, runMicroBenchmarks } from '../src/micro/micro-benchmarks.js';

let root: string | undefined;

afterEach(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function fakeRepo(): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'yrpc-bench-micro-'));
  const write = async (name: string, scripts: object, withEntry: boolean) => {
    const dir = join(root as string, 'packages', name);
    await mkdir(join(dir, 'bench'), { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `@yrpc/${name}`, scripts }));
    if (withEntry) await writeFile(join(dir, 'bench', 'index.ts'), '');
  };
  await write('coroutine', { bench: 'node x.js' }, true);
  await write('poller', { bench: 'node x.js' }, false);
  await write('net', { build: 'tsc' }, true);
  return root;
}

describe('findMicroBenchmarks', () => {
  it('runs a package only when it has both a bench script and bench/index.ts', async () => {
    const statuses = await findMicroBenchmarks(await fakeRepo());
    expect(statuses.map((status) => [status.name, status.runnable])).toEqual([
      ['coroutine', true],
      ['poller', false],
      ['net', false],
      ['protocol', false],
      ['rpc', false],
    ]);
    expect(statuses[1]?.note).toContain('no bench/index.ts yet');
    expect(statuses[2]?.note).toContain('no "bench" script yet');
    expect(statuses[3]?.note).toContain('package not found');
  });
});

describe('runMicroBenchmarks', () => {
  it('prints a note for every package it skips', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'yrpc-bench-micro-empty-'));
    root = repo;
    const lines: string[] = [];
    expect(await runMicroBenchmarks(repo, (line) => lines.push(line))).toBe(0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('@yrpc/coroutine: skipped: package not found');
  });
});
