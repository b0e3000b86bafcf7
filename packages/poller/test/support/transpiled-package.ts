import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Node 20 cannot run TypeScript, so child-process tests run a plain-JS copy of this package:
 * its `src` and `test/fixtures`, plus `@yrpc/coroutine`'s sources as a local dependency, each
 * file transpiled on its own (no type checking) into a temporary directory.
 */
export async function transpiledPackage(): Promise<{ root: string; remove(): void }> {
  const imported = await import('typescript');
  // typescript is CommonJS: its API is the default export under ESM, named exports elsewhere.
  const ts = (imported as { default?: typeof imported }).default ?? imported;
  const packageDir = fileURLToPath(new URL('../../', import.meta.url));
  const require = createRequire(import.meta.url);
  const coroutineDir = dirname(require.resolve('@yrpc/coroutine/package.json'));
  const root = mkdtempSync(join(tmpdir(), 'yrpc-poller-'));
  const copy = (from: string, to: string): void => {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      if (!name.endsWith('.ts')) continue;
      const output = ts.transpileModule(readFileSync(join(from, name), 'utf8'), {
        fileName: name,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
      });
      writeFileSync(join(to, name.replace(/\.ts$/, '.js')), output.outputText);
    }
  };
  copy(join(packageDir, 'src'), join(root, 'src'));
  copy(join(packageDir, 'test/fixtures'), join(root, 'test/fixtures'));
  const coroutineRoot = join(root, 'node_modules/@yrpc/coroutine');
  copy(join(coroutineDir, 'src'), join(coroutineRoot, 'src'));
  writeFileSync(
    join(coroutineRoot, 'package.json'),
    JSON.stringify({ name: '@yrpc/coroutine', type: 'module', exports: './src/index.js' }),
  );
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
