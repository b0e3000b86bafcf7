import { type RpcError, Status, type StatusCode, type StatusDetail } from '@yrpc/rpc';
import type protobuf from 'protobufjs';
import { binaryToJson } from '../json/proto-json.js';

/**
 * Connect's error codes (its "Error Codes" table): gRPC's codes in snake_case, with Connect's
 * spelling `canceled`, each with the HTTP status a unary error answers with.
 */
const CODES: ReadonlyArray<readonly [name: string, httpStatus: number]> = [
  ['ok', 200],
  ['canceled', 499],
  ['unknown', 500],
  ['invalid_argument', 400],
  ['deadline_exceeded', 504],
  ['not_found', 404],
  ['already_exists', 409],
  ['permission_denied', 403],
  ['resource_exhausted', 429],
  ['failed_precondition', 400],
  ['aborted', 409],
  ['out_of_range', 400],
  ['unimplemented', 501],
  ['internal', 500],
  ['unavailable', 503],
  ['data_loss', 500],
  ['unauthenticated', 401],
];

/** Connect's name of a status code (`not_found`); `unknown` for a number outside the set. */
export function connectCodeName(code: number): string {
  return (code > 0 && CODES[code]?.[0]) || 'unknown';
}

/** The status code of a Connect code name, or undefined for a name Connect does not define. */
export function statusOfConnectCode(name: string): StatusCode | undefined {
  const index = CODES.findIndex(([codeName]) => codeName === name);
  return index > 0 ? (index as StatusCode) : undefined;
}

/** The HTTP status a unary call failing with `code` answers with (Connect's table). */
export function httpStatusOfCode(code: number): number {
  return (code > 0 && CODES[code]?.[1]) || 500;
}

/**
 * The code a client infers from an HTTP status without a Connect error body (Connect's "HTTP to
 * Error Code" table, a superset of gRPC's).
 */
export function codeOfHttpStatus(httpStatus: number): StatusCode {
  switch (httpStatus) {
    case 400:
      return Status.INTERNAL;
    case 401:
      return Status.UNAUTHENTICATED;
    case 403:
      return Status.PERMISSION_DENIED;
    case 404:
      return Status.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return Status.UNAVAILABLE;
    default:
      return Status.UNKNOWN;
  }
}

/** One error detail as Connect's error JSON carries it. */
export interface ConnectErrorDetailJson {
  /** The detail's fully qualified message name (`google.rpc.RetryInfo`), no type URL prefix. */
  readonly type: string;
  /** The detail message, protobuf binary as unpadded base64. */
  readonly value: string;
  /** The detail as JSON, for people reading the wire; clients must not depend on it. */
  readonly debug?: unknown;
}

/** Connect's `Error` JSON: what a failed unary call's body and a stream's end hold. */
export interface ConnectErrorJson {
  readonly code: string;
  readonly message?: string;
  readonly details?: readonly ConnectErrorDetailJson[];
}

/**
 * `error` as Connect's error JSON. `types` (the method's schema root), when given, is where a
 * detail's type is looked up to add its `debug` JSON; a detail of a type it lacks goes without.
 */
export function connectErrorJson(error: RpcError, types?: protobuf.Root): ConnectErrorJson {
  const json: { code: string; message?: string; details?: ConnectErrorDetailJson[] } = {
    code: connectCodeName(error.code),
  };
  if (error.message !== '') json.message = error.message;
  if (error.details.length > 0)
    json.details = error.details.map((detail) => detailJson(detail, types));
  return json;
}

function detailJson(
  detail: StatusDetail,
  types: protobuf.Root | undefined,
): ConnectErrorDetailJson {
  const type = detail.typeUrl.slice(detail.typeUrl.lastIndexOf('/') + 1);
  const value = Buffer.from(detail.value.buffer, detail.value.byteOffset, detail.value.byteLength)
    .toString('base64')
    .replace(/=+$/, '');
  const debug = debugJson(type, detail.value, types);
  return debug === undefined ? { type, value } : { type, value, debug };
}

/** The detail as JSON when its type is known, else undefined (debug output is optional). */
function debugJson(type: string, value: Uint8Array, types: protobuf.Root | undefined): unknown {
  if (types === undefined) return undefined;
  try {
    const schema = types.lookupType(type);
    return JSON.parse(new TextDecoder().decode(binaryToJson(schema, value))) as unknown;
  } catch {
    return undefined;
  }
}
