import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CodegenError } from '../codegen-error.js';
import { codegenOptionsFrom } from '../codegen-options.js';
import { generateFromProtoFiles } from '../standalone.js';

// yrpc-codegen [options] <files...>: one <name>.yrpc.ts per .proto file, under --out at the
// file's path relative to its include directory (as protoc places its output).
const program = new Command('yrpc-codegen')
  .description('TypeScript message types and typed yrpc service definitions from .proto files')
  .argument('<files...>', '.proto files: paths, or names relative to an include directory')
  .option(
    '-I, --include <dir>',
    'where imports are looked for, as protoc -I (repeatable; default: the current directory)',
    (dir: string, dirs: string[]) => [...dirs, dir],
    [] as string[],
  )
  .option('-o, --out <dir>', 'output directory', '.')
  .addOption(
    new Option('--longs <kind>', '64-bit integers').choices(['bigint', 'string', 'number']),
  )
  .addOption(new Option('--enums <kind>', 'enums by name or number').choices(['name', 'number']))
  .addOption(
    new Option(
      '--well-known-types <kind>',
      'well-known types as native values or messages',
    ).choices(['native', 'message']),
  )
  .option('--no-defaults', 'unset fields arrive absent, not with default values')
  .exitOverride()
  .configureOutput({ writeErr: () => {} })
  .showHelpAfterError(false);

try {
  program.parse();
  const flags = program.opts<{
    include: string[];
    out: string;
    longs?: string;
    enums?: string;
    wellKnownTypes?: string;
    defaults: boolean;
  }>();
  const options = codegenOptionsFrom({
    ...(flags.longs === undefined ? {} : { longs: flags.longs }),
    ...(flags.enums === undefined ? {} : { enums: flags.enums }),
    ...(flags.wellKnownTypes === undefined ? {} : { wellKnownTypes: flags.wellKnownTypes }),
    defaults: String(flags.defaults),
  });
  const files = generateFromProtoFiles({
    files: program.args,
    includeDirs: flags.include,
    options,
  });
  for (const file of files) {
    const path = resolve(flags.out, file.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(0);
    process.stderr.write(`yrpc-codegen: ${error.message.replace(/^error: /, '')}\n`);
    process.exit(2);
  }
  const message = CodegenError.is(error) ? error.message : String(error);
  process.stderr.write(`yrpc-codegen: ${message.split('\n')[0]}\n`);
  process.exit(1);
}
