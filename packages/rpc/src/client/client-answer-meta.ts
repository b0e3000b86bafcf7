import {
  decodeGoAwayMeta,
  decodeStatusMeta,
  type Frame,
  type MetadataEntry,
  RpcError,
  type RpcErrorOptions,
  Status,
  type StatusCode,
  statusName,
} from '@yrpc/protocol';
import type { Metadata } from '../call/call-context.js';

/** Entries as a record; of a repeated key, the last value wins (as for request metadata). */
export function toMetadata(entries: readonly MetadataEntry[]): Metadata {
  const metadata: Record<string, string> = {};
  for (const entry of entries) metadata[entry.key] = entry.value;
  return metadata;
}

/**
 * The error the server answered a call with (its ERROR frame), for the caller; `where` names
 * the call. A status block that does not decode is the server's fault: INTERNAL.
 */
export function serverError(frame: Frame, where: string): RpcError {
  try {
    const status = decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    return statusError(where, status.code, status.message, {
      details: status.details,
      metadata: status.trailers,
    });
  } catch (error) {
    return new RpcError(
      Status.INTERNAL,
      `${where}: the server answered with an unreadable error: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The error a call fails with when the server ends it with the status `code` and `message`;
 * `where` names the call. A code this client does not know is UNKNOWN: a newer server's code
 * must still fail the call.
 */
export function statusError(
  where: string,
  code: number,
  message: string,
  options: RpcErrorOptions,
): RpcError {
  const known = code >= 1 && code <= 16 ? (code as StatusCode) : Status.UNKNOWN;
  return new RpcError(known, `${where}: ${message || 'the server gave no message'}`, options);
}

/** What the server's GOAWAY says, as the reason the calls it ends will give. */
export function goAwayText(frame: Frame): string {
  try {
    const meta = decodeGoAwayMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    return meta.code === 0
      ? `the server is going away${meta.message ? `: ${meta.message}` : ''}`
      : `the server closed the connection with ${statusName(meta.code)}${meta.message ? `: ${meta.message}` : ''}`;
  } catch {
    return 'the server closed the connection (unreadable GOAWAY)';
  }
}
