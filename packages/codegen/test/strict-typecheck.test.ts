import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as fixture from './helpers/codegen-fixture.js';
import { usageWithDefaults, usageWithOtherOptions } from './helpers/usage-programs.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Each combination of options, and the program that uses what it generates. */
const cases = [
  { name: 'default options', flags: [], usage: usageWithDefaults },
  {
    name: fixture.otherOptions.parameter,
    flags: fixture.otherOptions.flags,
    usage: usageWithOtherOptions,
  },
  { name: 'longs=number', flags: ['--longs', 'number'], usage: undefined },
] as const;

/**
 * The generated code and a program using it, compiled by the real TypeScript compiler with
 * `--strict` (and the stricter flags this repository uses), in a directory of its own that
 * finds `@yrpc/rpc` as an application would: in node_modules, by its published types.
 */
describe('generated code compiles under strict TypeScript', () => {
  let project: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    project = await fixture.temporaryDirectory('typecheck');
    await mkdir(join(project.path, 'node_modules/@yrpc'), { recursive: true });
    await symlink(join(fixture.packageDir, '../rpc'), join(project.path, 'node_modules/@yrpc/rpc'));
    await symlink(
      join(fixture.packageDir, 'node_modules/@types'),
      join(project.path, 'node_modules/@types'),
    );
  });

  afterAll(async () => {
    await project?.remove();
  });

  test.each(cases)('$name', async ({ name, flags, usage }) => {
    const dir = join(project.path, name.replace(/\W+/g, '-'));
    const generated = await fixture.generateFixture(dir, flags);
    expect(generated.stderr).toBe('');
    if (usage !== undefined) {
      await writeFile(join(dir, 'usage.ts'), usage);
    }
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noUnusedLocals: true,
          verbatimModuleSyntax: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023'],
          types: ['node'],
          skipLibCheck: true,
        },
        include: ['**/*.ts'],
      }),
    );
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    const compiled = await fixture.run(process.execPath, [tsc, '-p', dir], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.code).toBe(0);
  });
});
