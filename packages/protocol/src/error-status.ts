import { NetError, type NetErrorCode } from '@yrpc/net';
import { ProtocolError } from './protocol-error.js';
import { isRpcError, RpcError } from './rpc-error.js';
import { Status, type StatusCode } from './status.js';

const NET_STATUS: Partial<Record<NetErrorCode, StatusCode>> = {
  refused: Status.UNAVAILABLE,
  unreachable: Status.UNAVAILABLE,
  reset: Status.UNAVAILABLE,
  closed: Status.UNAVAILABLE,
  'tls-handshake': Status.UNAVAILABLE,
  'tls-verify': Status.UNAVAILABLE,
  'idle-timeout': Status.UNAVAILABLE,
  'connection-limit': Status.RESOURCE_EXHAUSTED,
  'address-in-use': Status.UNAVAILABLE,
  io: Status.UNAVAILABLE,
  timeout: Status.DEADLINE_EXCEEDED,
  aborted: Status.CANCELLED,
  'invalid-option': Status.INVALID_ARGUMENT,
  'invalid-value': Status.INVALID_ARGUMENT,
  'capacity-exceeded': Status.RESOURCE_EXHAUSTED,
  'insufficient-data': Status.INTERNAL,
  'insufficient-prepend': Status.INTERNAL,
};

// Node's system and internal error codes (error.code) that have an obvious status.
const NODE_STATUS: Readonly<Record<string, StatusCode>> = {
  ECONNREFUSED: Status.UNAVAILABLE,
  ECONNRESET: Status.UNAVAILABLE,
  ECONNABORTED: Status.UNAVAILABLE,
  EPIPE: Status.UNAVAILABLE,
  EHOSTUNREACH: Status.UNAVAILABLE,
  ENETUNREACH: Status.UNAVAILABLE,
  ENETDOWN: Status.UNAVAILABLE,
  ENOTFOUND: Status.UNAVAILABLE,
  EAI_AGAIN: Status.UNAVAILABLE,
  ETIMEDOUT: Status.DEADLINE_EXCEEDED,
  ENOENT: Status.NOT_FOUND,
  EEXIST: Status.ALREADY_EXISTS,
  EACCES: Status.PERMISSION_DENIED,
  EPERM: Status.PERMISSION_DENIED,
  EMFILE: Status.RESOURCE_EXHAUSTED,
  ENFILE: Status.RESOURCE_EXHAUSTED,
  ENOMEM: Status.RESOURCE_EXHAUSTED,
  ENOSPC: Status.RESOURCE_EXHAUSTED,
  ABORT_ERR: Status.CANCELLED,
  ERR_INVALID_ARG_TYPE: Status.INVALID_ARGUMENT,
  ERR_INVALID_ARG_VALUE: Status.INVALID_ARGUMENT,
  ERR_OUT_OF_RANGE: Status.OUT_OF_RANGE,
  ERR_UNSUPPORTED_DIR_IMPORT: Status.UNIMPLEMENTED,
};

/**
 * The status code that describes `error`:
 * an {@link RpcError}'s own code; a {@link ProtocolError}'s status; a `NetError` by its code
 * (refused, reset, closed → UNAVAILABLE; timeout → DEADLINE_EXCEEDED; aborted → CANCELLED); a
 * Node system error by `error.code` (ECONNREFUSED → UNAVAILABLE, ETIMEDOUT → DEADLINE_EXCEEDED,
 * ENOENT → NOT_FOUND, EACCES → PERMISSION_DENIED, EMFILE → RESOURCE_EXHAUSTED, ...); an
 * `AbortError` → CANCELLED and a `TimeoutError` → DEADLINE_EXCEEDED; anything else → UNKNOWN.
 */
export function statusOfError(error: unknown): StatusCode {
  if (isRpcError(error)) return error.code;
  if (error instanceof ProtocolError) return error.status;
  if (error instanceof NetError) return NET_STATUS[error.code] ?? Status.UNAVAILABLE;
  if (typeof error !== 'object' || error === null) return Status.UNKNOWN;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && Object.hasOwn(NODE_STATUS, code)) {
    return NODE_STATUS[code] as StatusCode;
  }
  if (name === 'AbortError') return Status.CANCELLED;
  if (name === 'TimeoutError') return Status.DEADLINE_EXCEEDED;
  return Status.UNKNOWN;
}

/**
 * `error` as an {@link RpcError}: itself when it is one, otherwise a new one with the status from
 * {@link statusOfError}, the original message (or the thrown value as text) and `cause` set to the
 * original. Whether to show that message to a remote peer is the caller's decision.
 */
export function toRpcError(error: unknown): RpcError {
  if (isRpcError(error)) return error;
  const message =
    error instanceof Error ? error.message : `non-error value thrown: ${describe(error)}`;
  return new RpcError(statusOfError(error), message, { cause: error });
}

function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
