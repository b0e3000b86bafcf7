import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import protobuf from 'protobufjs';
import type { MessageOptions } from '../message/message-options.js';
import { ProtoRoot } from './proto-root.js';
import { ServiceDefinitionError } from './service-definition-error.js';

/** Options of {@link loadProto}. */
export interface LoadProtoOptions {
  /**
   * Where imports are looked for, in order, as `protoc -I` does: `import "wk/common.proto"` is
   * `<dir>/wk/common.proto` in the first directory that has it. Files given to load may be
   * named relative to one of these too. Unset: imports are relative to the importing file.
   */
  readonly includeDirs?: readonly string[] | undefined;
  /** How these services' messages reach handlers and callers; wins over Server and Client. */
  readonly messages?: MessageOptions | undefined;
}

/**
 * Where the `.proto` files of the well-known types that protobufjs does not build in
 * (`descriptor.proto`, `api.proto`, ...) are: the protobufjs package ships them.
 */
const BUNDLED_PROTO_DIR = dirname(
  createRequire(import.meta.url).resolve('protobufjs/package.json'),
);

/**
 * Loads `.proto` files at run time. Imports of the well-known types (`google/protobuf/*.proto`)
 * need no files of the caller's; others are found in `includeDirs` (the `protoc -I` way) or,
 * without them, relative to the importing file. A missing file names every directory searched.
 */
export async function loadProto(
  files: string | readonly string[],
  options: LoadProtoOptions = {},
): Promise<ProtoRoot> {
  const includeDirs = options.includeDirs ?? [];
  let root: protobuf.Root;
  try {
    const paths = rootFiles(files, includeDirs);
    root = await protobuf.load(paths, rootWithImports(includeDirs));
    root.resolveAll();
  } catch (cause) {
    throw loadError(files, cause);
  }
  return new ProtoRoot(root, options);
}

/** Synchronous {@link loadProto}. */
export function loadProtoSync(
  files: string | readonly string[],
  options: LoadProtoOptions = {},
): ProtoRoot {
  const includeDirs = options.includeDirs ?? [];
  let root: protobuf.Root;
  try {
    root = protobuf.loadSync(rootFiles(files, includeDirs), rootWithImports(includeDirs));
    root.resolveAll();
  } catch (cause) {
    throw loadError(files, cause);
  }
  return new ProtoRoot(root, options);
}

/** The files to load as absolute paths: as given, or found in an include directory. */
function rootFiles(files: string | readonly string[], includeDirs: readonly string[]): string[] {
  const list = typeof files === 'string' ? [files] : [...files];
  return list.map((file) => {
    if (existsSync(file)) return resolve(file);
    const found = searchIncludeDirs(file, includeDirs);
    if (found !== undefined) return found;
    const searched = isAbsolute(file) ? [] : includeDirs.map((dir) => resolve(dir));
    throw new ServiceDefinitionError(
      'PROTO_NOT_FOUND',
      `${file} not found${searched.length === 0 ? '' : ` (also looked in ${searched.join(', ')})`}`,
    );
  });
}

function searchIncludeDirs(target: string, includeDirs: readonly string[]): string | undefined {
  if (isAbsolute(target)) return undefined;
  for (const dir of includeDirs) {
    const candidate = resolve(dir, target);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A root whose imports resolve through `includeDirs`, or relative to the importing file. */
function rootWithImports(includeDirs: readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (origin === '' || isAbsolute(target)) return target;
    const searched =
      includeDirs.length > 0 ? includeDirs.map((dir) => resolve(dir)) : [dirname(origin)];
    for (const dir of searched) {
      const candidate = resolve(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    if (target.startsWith('google/')) {
      const bundled = resolve(BUNDLED_PROTO_DIR, target);
      if (existsSync(bundled)) return bundled;
    }
    throw new ServiceDefinitionError(
      'PROTO_NOT_FOUND',
      `import "${target}" of ${origin} not found; looked in ${searched.join(', ')}`,
    );
  };
  return root;
}

function loadError(files: string | readonly string[], cause: unknown): ServiceDefinitionError {
  if (ServiceDefinitionError.is(cause)) return cause;
  const list = typeof files === 'string' ? files : files.join(', ');
  return new ServiceDefinitionError(
    'PROTO_LOAD_FAILED',
    `could not load ${list}: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );
}
