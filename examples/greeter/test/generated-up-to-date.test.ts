import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const committedDir = join(exampleDir, 'src/generated');

/** The `generate` script of package.json, as its words (it runs yrpc-codegen). */
async function generateCommand(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(exampleDir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (manifest.scripts.generate ?? '').split(' ');
}

/** Every file under `dir`, by relative path, with its bytes. */
async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path.slice(dir.length + 1), await readFile(path));
    }
  }
  return files;
}

describe('src/generated', () => {
  it('is what the generate script writes now, byte for byte (run it after changing the .proto)', async () => {
    const [command, ...args] = await generateCommand();
    expect(command).toBe('yrpc-codegen');
    const outAt = args.indexOf('-o');
    expect(args[outAt + 1]).toBe('src/generated');
    const fresh = await mkdtemp(join(tmpdir(), 'greeter-generated-'));
    try {
      args[outAt + 1] = fresh;
      await promisify(execFile)(join(exampleDir, 'node_modules/.bin/yrpc-codegen'), args, {
        cwd: exampleDir,
      });
      const expected = await filesUnder(fresh);
      expect([...expected.keys()]).toEqual(['greeter.yrpc.ts']);
      expect(await filesUnder(committedDir)).toEqual(expected);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
