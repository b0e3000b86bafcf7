import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { loadProtoSync } from '@yrpc/rpc';
import type protobuf from 'protobufjs';
import { CodegenError } from './codegen-error.js';
import type { CodegenOptions } from './codegen-options.js';
import { generateFile } from './generator/file-emitter.js';
import { generatedFileName } from './generator/type-names.js';

/** One file written by the generator: its path relative to the output directory, and text. */
export interface GeneratedFile {
  readonly name: string;
  readonly content: string;
}

/** What {@link generateFromProtoFiles} reads. */
export interface ProtoSources {
  /** The `.proto` files to generate: paths, or names relative to an include directory. */
  readonly files: readonly string[];
  /** Where imports are looked for, as `protoc -I` (default: the current directory). */
  readonly includeDirs?: readonly string[] | undefined;
  readonly options: CodegenOptions;
}

/** Where protobufjs keeps the `.proto` files of the well-known types. */
const BUNDLED_PROTO_DIR = dirname(
  createRequire(import.meta.url).resolve('protobufjs/package.json'),
);

/**
 * Reads `.proto` files and generates one `<name>.yrpc.ts` per file, named as protoc names it:
 * by the file's path relative to the include directory it is in.
 */
export function generateFromProtoFiles(sources: ProtoSources): GeneratedFile[] {
  const includeDirs = (sources.includeDirs?.length ? sources.includeDirs : ['.']).map((dir) =>
    resolve(dir),
  );
  let root: protobuf.Root;
  try {
    root = loadProtoSync(sources.files, { includeDirs }).root;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new CodegenError('PROTO_LOAD_FAILED', message, { cause });
  }
  const protoNames = sources.files.map((file) =>
    protoNameOf(locate(file, includeDirs), includeDirs),
  );
  const fileOf = (object: protobuf.ReflectionObject) =>
    object.filename === null ? undefined : protoNameOf(object.filename, includeDirs);
  return protoNames.map((file) => ({
    name: generatedFileName(file),
    content: generateFile({ root, file, fileOf, options: sources.options }),
  }));
}

/** The absolute path of a file given on the command line. */
function locate(file: string, includeDirs: readonly string[]): string {
  if (existsSync(file)) return resolve(file);
  for (const dir of includeDirs) {
    if (!isAbsolute(file) && existsSync(resolve(dir, file))) return resolve(dir, file);
  }
  return resolve(file);
}

/** A file's name relative to the first include directory holding it, with `/` separators. */
function protoNameOf(path: string, includeDirs: readonly string[]): string {
  if (!isAbsolute(path)) return path.split(sep).join('/');
  for (const dir of [...includeDirs, BUNDLED_PROTO_DIR]) {
    const inside = relative(dir, path);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
      return inside.split(sep).join('/');
    }
  }
  throw new CodegenError(
    'OUTSIDE_INCLUDE_DIRS',
    `${path} is in none of the include directories (${includeDirs.join(', ')}); add one with -I`,
  );
}
