import { z } from 'zod';

/**
 * How messages reach handlers and callers (README, "Messages"). Every default keeps every value
 * exactly: 64-bit integers as `bigint`, enums by name (an unknown number of an open enum stays a
 * number), Timestamp as a {@link PreciseDate}, Struct, Value and ListValue as plain JSON, wrapper
 * types as plain values, and every field present with its default value.
 */
export const messageOptionsSchema = z.strictObject({
  /**
   * 64-bit integer fields: `bigint`; `string` (decimal, as proto3 JSON writes them); or
   * `number`, a `number` when the value is a safe integer and a `bigint` when it is not.
   */
  longs: z.enum(['bigint', 'string', 'number']).optional(),
  /** Enum fields: by `name` (an unknown number of an open enum stays a number), or by `number`. */
  enums: z.enum(['name', 'number']).optional(),
  /**
   * Well-known types: `native` (Timestamp as a `Date`, Struct, Value and ListValue as plain JSON,
   * wrappers as plain values or `null`) or `message` (their fields, as any other message).
   */
  wellKnownTypes: z.enum(['native', 'message']).optional(),
  /**
   * Include fields that were not set with their default values (`''`, `0`, `false`, `[]`, `{}`,
   * `null` for a message); fields with explicit presence (`optional`, oneof members) are left
   * out when unset either way.
   */
  defaults: z.boolean().optional(),
});

/** How messages reach handlers and callers; see {@link messageOptionsSchema}. */
export type MessageOptions = z.input<typeof messageOptionsSchema>;

/** {@link MessageOptions} with every choice made. */
export interface ResolvedMessageOptions {
  readonly longs: 'bigint' | 'string' | 'number';
  readonly enums: 'name' | 'number';
  readonly wellKnownTypes: 'native' | 'message';
  readonly defaults: boolean;
}

/** The defaults, chosen so that no value changes on the way. */
export const DEFAULT_MESSAGE_OPTIONS: ResolvedMessageOptions = Object.freeze({
  longs: 'bigint',
  enums: 'name',
  wellKnownTypes: 'native',
  defaults: true,
});

/**
 * The options a service's messages use: each choice made where the service was loaded
 * (`pinned`) wins over the server's or client's (`endpoint`), which wins over the default.
 */
export function resolveMessageOptions(
  pinned: MessageOptions | undefined,
  endpoint?: MessageOptions | undefined,
): ResolvedMessageOptions {
  return {
    longs: pinned?.longs ?? endpoint?.longs ?? DEFAULT_MESSAGE_OPTIONS.longs,
    enums: pinned?.enums ?? endpoint?.enums ?? DEFAULT_MESSAGE_OPTIONS.enums,
    wellKnownTypes:
      pinned?.wellKnownTypes ?? endpoint?.wellKnownTypes ?? DEFAULT_MESSAGE_OPTIONS.wellKnownTypes,
    defaults: pinned?.defaults ?? endpoint?.defaults ?? DEFAULT_MESSAGE_OPTIONS.defaults,
  };
}

/** A short stable key of resolved options, for caching what was compiled for them. */
export function messageOptionsKey(options: ResolvedMessageOptions): string {
  return `${options.longs}/${options.enums}/${options.wellKnownTypes}/${options.defaults ? 'd' : 'o'}`;
}
