import type protobuf from 'protobufjs';
import {
  importSpecifier,
  isWellKnownType,
  localTypeName,
  packageOf,
  wellKnownTypeName,
} from './type-names.js';

/** Which of a message type's interfaces is meant: what arrives, or what may be sent. */
export type Side = 'output' | 'input';

/** The names from `@yrpc/rpc` a generated file may use. */
export const RPC_NAMES = ['JsonObject', 'JsonValue', 'MethodShape', 'ProtoRoot'] as const;

/** One of {@link RPC_NAMES}. */
export type RpcName = (typeof RPC_NAMES)[number];

/**
 * The names one generated file gives the types it refers to, and what that takes: imports of
 * other generated files, names from `@yrpc/rpc`, and well-known types to write out locally.
 */
export class TypeScope {
  readonly file: string;
  /** Generated file → (exported name → local alias). */
  readonly imports = new Map<string, Map<string, string>>();
  /** Names from `@yrpc/rpc` used so far. */
  readonly rpcNames = new Set<RpcName>();
  /** Well-known types (messages, enums) the file must declare itself, by full name. */
  readonly wellKnownTypes = new Map<string, protobuf.Type | protobuf.Enum>();
  readonly #fileOf: (object: protobuf.ReflectionObject) => string | undefined;
  readonly #localNames: ReadonlySet<string>;

  /**
   * `file` is the `.proto` file generated; `fileOf` tells which file declares a type;
   * `localNames` are the names the file declares itself.
   */
  constructor(
    file: string,
    fileOf: (object: protobuf.ReflectionObject) => string | undefined,
    localNames: ReadonlySet<string>,
  ) {
    this.file = file;
    this.#fileOf = fileOf;
    this.#localNames = localNames;
  }

  /** The name of the output or input interface (or enum type) of `type` in this file. */
  typeName(type: protobuf.Type | protobuf.Enum, side: Side): string {
    const suffix = side === 'input' && !isEnum(type) ? 'Input' : '';
    if (isWellKnownType(type)) {
      this.wellKnownTypes.set(type.fullName, type);
      return `${wellKnownTypeName(type)}${suffix}`;
    }
    const declaredIn = this.#fileOf(type);
    const name = `${localTypeName(type)}${suffix}`;
    if (declaredIn === undefined || declaredIn === this.file) return name;
    const specifier = importSpecifier(this.file, declaredIn);
    const pkg = packageOf(type);
    const alias = `${pkg === '' ? '' : `${pkg.replace(/\./g, '_')}_`}${name}`;
    let names = this.imports.get(specifier);
    if (names === undefined) {
      names = new Map();
      this.imports.set(specifier, names);
    }
    names.set(name, alias);
    return alias;
  }

  /** A name from `@yrpc/rpc`, aliased when the file declares the same name itself. */
  rpc(name: RpcName): string {
    this.rpcNames.add(name);
    return this.rpcAlias(name);
  }

  /** How the file calls `name` from `@yrpc/rpc`. */
  rpcAlias(name: RpcName): string {
    return this.#localNames.has(name) ? `Rpc_${name}` : name;
  }

  /** A global type (`Date`, `Uint8Array`), through `globalThis` when the file shadows it. */
  global(name: 'Date' | 'Uint8Array'): string {
    return this.#localNames.has(name) ? `globalThis.${name}` : name;
  }
}

function isEnum(type: protobuf.Type | protobuf.Enum): type is protobuf.Enum {
  return 'values' in type && !('fields' in type);
}
