import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runPlugin } from '../src/index.js';
import { CodeGeneratorResponse } from '../src/plugin/plugin-messages.js';
import {
  bin,
  generateFixture,
  otherOptions,
  packageDir,
  run,
  temporaryDirectory,
} from './helpers/codegen-fixture.js';

/** The buf CLI of the @bufbuild/buf devDependency. */
const buf = join(
  createRequire(import.meta.url).resolve('@bufbuild/buf/package.json'),
  '../bin/buf',
);

/** Every file under `dir`, by relative path, with its text. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    if (name.endsWith('.ts')) found[name] = await readFile(join(dir, name), 'utf8');
  }
  return found;
}

describe('protoc-gen-yrpc through buf generate', () => {
  let work: { path: string; remove: () => Promise<void> };

  /** A buf workspace of the fixture's two include directories, generating with `opt`. */
  async function bufGenerate(out: string, opt: string | undefined) {
    await writeFile(
      join(work.path, 'buf.gen.yaml'),
      [
        'version: v2',
        'plugins:',
        `  - local: [${JSON.stringify(process.execPath)}, ${JSON.stringify(bin('protoc-gen-yrpc'))}]`,
        `    out: ${out}`,
        ...(opt === undefined ? [] : [`    opt: ${opt}`]),
        '',
      ].join('\n'),
    );
    return run(buf, ['generate'], { cwd: work.path, timeoutMs: 120_000 });
  }

  beforeAll(async () => {
    work = await temporaryDirectory('buf');
    await cp(join(packageDir, 'test/fixtures/proto'), join(work.path, 'proto'), {
      recursive: true,
    });
    await cp(join(packageDir, 'test/fixtures/include'), join(work.path, 'include'), {
      recursive: true,
    });
    await writeFile(
      join(work.path, 'buf.yaml'),
      'version: v2\nmodules:\n  - path: proto\n  - path: include\n',
    );
  });

  afterAll(async () => {
    await work?.remove();
  });

  test.each([
    { name: 'default options', opt: undefined, flags: [] },
    { name: otherOptions.parameter, opt: otherOptions.parameter, flags: otherOptions.flags },
  ])('writes the same files as yrpc-codegen: $name', async ({ name, opt, flags }) => {
    const pluginOut = join(work.path, `plugin-${name.replace(/\W+/g, '-')}`);
    const standaloneOut = join(work.path, `standalone-${name.replace(/\W+/g, '-')}`);
    const generated = await bufGenerate(pluginOut, opt);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect((await generateFixture(standaloneOut, flags)).code).toBe(0);
    const fromPlugin = await filesUnder(pluginOut);
    expect(Object.keys(fromPlugin).sort()).toEqual([
      join('common/v1/money.yrpc.ts'),
      join('shop/v1/legacy.yrpc.ts'),
      join('shop/v1/shop.yrpc.ts'),
    ]);
    expect(fromPlugin).toEqual(await filesUnder(standaloneOut));
    expect(fromPlugin[join('shop/v1/shop.yrpc.ts')]).toContain(
      '/** Places, watches and collects orders: one method of each kind. */',
    );
  });

  test('a bad option is an error in the response, which buf reports', async () => {
    const generated = await bufGenerate(join(work.path, 'never'), 'longs=huge');
    expect(generated.code).not.toBe(0);
    expect(generated.stderr).toContain(
      'option longs cannot be "huge" (one of: bigint, string, number)',
    );
  });

  test('a request that does not decode is an error in the response, not a crash', () => {
    const response = CodeGeneratorResponse.decode(runPlugin(new Uint8Array([0x0a, 0xff]))) as {
      error?: string;
      file?: unknown[];
    };
    expect(response.error).toMatch(/^the CodeGeneratorRequest does not decode: /);
    expect(response.file ?? []).toEqual([]);
  });

  test('the response declares proto3 optional support', () => {
    const response = CodeGeneratorResponse.toObject(
      CodeGeneratorResponse.decode(runPlugin(new Uint8Array())),
      { longs: Number },
    );
    expect(response.supportedFeatures).toBe(1);
    expect(response.error).toBeUndefined();
  });
});
