import { Client, loadProto } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import { rootFor } from '../reflection-client.js';

/** The request and response types of a method, for decoding the payloads of its frames. */
export interface MethodTypes {
  readonly request: protobuf.Type;
  readonly response: protobuf.Type;
}

/** Finds the types of a method by its `pkg.Service/Method` name; `undefined` when unknown. */
export type MethodTypeLookup = (method: string) => Promise<MethodTypes | undefined>;

/** Where the capture's schema comes from: `--proto` files, or reflection on the target. */
export interface SchemaSource {
  readonly proto?: readonly string[] | undefined;
  readonly importPath?: readonly string[] | undefined;
  /** `host` and `port` of the server to ask by reflection when no `--proto` is given. */
  readonly reflectionTarget?: { readonly host: string; readonly port: number } | undefined;
  /** Told once per service whose schema could not be had: a line for stderr. */
  readonly note?: (line: string) => void;
}

/** The services whose schema a capture asks the target for, at most. */
const MAX_REFLECTED_SERVICES = 256;
const NO_ROOT = Promise.resolve(undefined);

function typesIn(root: protobuf.Root, method: string): MethodTypes | undefined {
  const slash = method.indexOf('/');
  const service = root.lookup(method.slice(0, slash));
  if (!(service instanceof protobuf.Service)) return undefined;
  const found = service.methods[method.slice(slash + 1)];
  if (found === undefined) return undefined;
  found.resolve();
  const { resolvedRequestType: request, resolvedResponseType: response } = found;
  return request === null || response === null ? undefined : { request, response };
}

/**
 * A lookup of method types: the `--proto` files loaded once, or the target's reflection asked
 * once per service (the first time a call to it goes by; its answer, or its failure, is kept).
 * `close` ends the reflection client.
 */
export function methodTypeLookup(source: SchemaSource): {
  lookup: MethodTypeLookup;
  close: () => Promise<void>;
} {
  if (source.proto !== undefined && source.proto.length > 0) {
    const loaded = loadProto(source.proto, { includeDirs: source.importPath ?? [] }).then(
      (proto) => proto.root,
    );
    return {
      lookup: async (method) => typesIn(await loaded, method),
      close: async () => undefined,
    };
  }
  const target = source.reflectionTarget;
  if (target === undefined) {
    return { lookup: async () => undefined, close: async () => undefined };
  }
  let client: Client | undefined;
  const roots = new Map<string, Promise<protobuf.Root | undefined>>();
  const rootOf = (service: string): Promise<protobuf.Root | undefined> => {
    let root = roots.get(service);
    // Service names come off the wire: past a bound, a peer inventing names gets hex payloads
    // rather than a reflection call and a cache entry each.
    if (root === undefined && roots.size >= MAX_REFLECTED_SERVICES) return NO_ROOT;
    if (root === undefined) {
      client ??= new Client(target);
      root = rootFor(client, [service], { timeoutMs: 5000 }).catch((error: unknown) => {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        source.note?.(`no schema for ${service} (${reason}): its payloads are shown in hex`);
        return undefined;
      });
      roots.set(service, root);
    }
    return root;
  };
  return {
    lookup: async (method) => {
      const slash = method.indexOf('/');
      if (slash <= 0) return undefined;
      const root = await rootOf(method.slice(0, slash));
      return root === undefined ? undefined : typesIn(root, method);
    },
    close: async () => {
      await client?.close().catch(() => undefined);
    },
  };
}
