import { isStatusCode, Status, type StatusCode, statusName } from './status.js';

const BRAND = Symbol.for('@yrpc/protocol/RpcError');

/** A typed error detail, wire-compatible with `google.protobuf.Any`. */
export interface StatusDetail {
  /** Identifies the type of `value`, e.g. `type.googleapis.com/google.rpc.RetryInfo`. */
  readonly typeUrl: string;
  /** The detail message, protobuf-encoded. */
  readonly value: Uint8Array;
}

/** One metadata (header or trailer) entry; keys may repeat. */
export interface MetadataEntry {
  readonly key: string;
  readonly value: string;
}

/** Optional parts of an {@link RpcError}. */
export interface RpcErrorOptions {
  readonly details?: readonly StatusDetail[];
  readonly metadata?: readonly MetadataEntry[];
  readonly cause?: unknown;
}

/**
 * The error of a failed call: a non-OK status code, a message for people, typed details and
 * trailing metadata. Recognised across copies of this package by a `Symbol.for` brand, so use
 * {@link isRpcError} rather than `instanceof` when two versions may meet.
 */
export class RpcError extends Error {
  override name = 'RpcError';
  /** The status code; never OK (a 0 given to the constructor becomes UNKNOWN). */
  readonly code: StatusCode;
  readonly details: readonly StatusDetail[];
  readonly metadata: readonly MetadataEntry[];

  constructor(code: StatusCode, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = isStatusCode(code) && code !== Status.OK ? code : Status.UNKNOWN;
    this.details = options.details ?? [];
    this.metadata = options.metadata ?? [];
  }

  /** The name of {@link RpcError.code}, e.g. `'NOT_FOUND'`. */
  get codeName(): string {
    return statusName(this.code);
  }

  /** @internal brand checked by {@link isRpcError}. */
  get [BRAND](): true {
    return true;
  }
}

/** Whether `value` is an {@link RpcError}, from this copy of the package or any other. */
export function isRpcError(value: unknown): value is RpcError {
  return (
    typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}
