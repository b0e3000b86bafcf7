/**
 * Stable codes of {@link NetError}. Match on these, never on messages.
 *
 * - `refused`: the peer actively refused the connection (ECONNREFUSED).
 * - `timeout`: connecting, or a configured wait, took longer than its limit.
 * - `unreachable`: no route to the address (EHOSTUNREACH, ENETUNREACH, ENOENT for a Unix socket path, DNS failure).
 * - `reset`: the peer reset the connection (ECONNRESET, EPIPE).
 * - `tls-handshake`: the TLS handshake failed for a reason other than certificate verification.
 * - `tls-verify`: the peer's certificate was rejected (untrusted, expired, wrong host, missing client cert).
 * - `idle-timeout`: nothing was read or written for longer than the connection's idle timeout.
 * - `write-stall`: bytes waited to be sent and the peer took none of them for longer than the
 *   connection's `writeStallTimeoutMs` (it stopped reading).
 * - `closed`: the operation needs an open connection or listener and it is closed.
 * - `aborted`: the connection was aborted locally.
 * - `address-in-use`: a listener could not bind because the address is taken.
 * - `connection-limit`: a listener refused a connection because its limit is reached.
 * - `invalid-option`: an option failed validation; the message names the option.
 * - `io`: any other socket error; the message carries the system error code.
 * - ByteBuffer codes: `insufficient-data`, `capacity-exceeded`, `insufficient-prepend`, `invalid-value`
 *   (a Connection also throws `capacity-exceeded` and `invalid-value` from `expectInput`).
 */
export type NetErrorCode =
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'reset'
  | 'tls-handshake'
  | 'tls-verify'
  | 'idle-timeout'
  | 'write-stall'
  | 'closed'
  | 'aborted'
  | 'address-in-use'
  | 'connection-limit'
  | 'invalid-option'
  | 'io'
  | ByteBufferErrorCode;

/** Stable codes of {@link ByteBufferError}. */
export type ByteBufferErrorCode =
  | 'insufficient-data'
  | 'capacity-exceeded'
  | 'insufficient-prepend'
  | 'invalid-value';

/** Options of {@link NetError}: the address involved and the underlying cause, when known. */
export interface NetErrorOptions {
  /** The address the failure concerns, as `host:port` or a Unix socket path. */
  readonly address?: string;
  /** The system error code (`ECONNREFUSED`, ...) when the failure came from a socket. */
  readonly syscallCode?: string;
  /** The original error. */
  readonly cause?: unknown;
}

/** Every failure of @yrpc/net: a stable {@link NetErrorCode}, the address involved, the cause. */
export class NetError extends Error {
  override name = 'NetError';
  /** Stable machine-readable code. */
  readonly code: NetErrorCode;
  /** The address the failure concerns, when there is one. */
  readonly address: string | undefined;
  /** The system error code (`ECONNREFUSED`, ...) when the failure came from a socket. */
  readonly syscallCode: string | undefined;

  constructor(code: NetErrorCode, message: string, options: NetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.address = options.address;
    this.syscallCode = options.syscallCode;
  }
}

/** A {@link ByteBuffer} misuse: reading past the data, growing past the maximum, a bad value. */
export class ByteBufferError extends NetError {
  override name = 'ByteBufferError';
  declare readonly code: ByteBufferErrorCode;

  constructor(code: ByteBufferErrorCode, message: string) {
    super(code, message);
  }
}
