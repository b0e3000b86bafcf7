import { type CallOptions, type Client, loadProto } from '@yrpc/rpc';
import type protobuf from 'protobufjs';
import { rootFor } from './reflection-client.js';

/** Where a command's schema comes from: `--proto` files (with `-I` dirs), or reflection. */
export interface SchemaOptions {
  readonly proto?: readonly string[] | undefined;
  readonly importPath?: readonly string[] | undefined;
}

/** The root that defines `symbols`: from the `--proto` files when given, else by reflection. */
export async function schemaRoot(
  client: Client,
  symbols: readonly string[],
  schema: SchemaOptions,
  options: CallOptions,
): Promise<protobuf.Root> {
  if (schema.proto !== undefined && schema.proto.length > 0) {
    return (await loadProto(schema.proto, { includeDirs: schema.importPath ?? [] })).root;
  }
  return rootFor(client, symbols, options);
}
