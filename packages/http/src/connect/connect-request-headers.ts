import type { IncomingHttpHeaders } from 'node:http';
import {
  type CompressionEncoding,
  chooseEncoding,
  DECOMPRESSION_ENCODINGS,
  parseAcceptEncoding,
  RpcError,
  Status,
} from '@yrpc/rpc';
import { requestHeader } from '../exchange/http-exchange.js';

/** What a Connect request's `content-type` says: a unary or a streaming call, and its codec. */
export interface ConnectContentType {
  /** `application/connect+…`: enveloped messages; `application/…`: one bare message. */
  readonly streaming: boolean;
  /** The message codec: binary protobuf or canonical proto3 JSON. */
  readonly codec: 'json' | 'proto';
}

/** The encodings this side reads, for the error that names them. */
export const CONNECT_ACCEPT_ENCODING = DECOMPRESSION_ENCODINGS.join(', ');

const CONTENT_TYPE = /^application\/(connect\+)?(json|proto)$/;

/**
 * The Connect content type of `value` (`application/json`, `application/proto`,
 * `application/connect+json`, `application/connect+proto`, any case, parameters allowed), or
 * undefined for any other (Connect then answers 415). A `charset` other than UTF-8 is not JSON
 * Connect can read: undefined as well.
 */
export function parseConnectContentType(value: string | undefined): ConnectContentType | undefined {
  if (value === undefined) return undefined;
  const [type = '', ...parameters] = value.split(';');
  const match = CONTENT_TYPE.exec(type.trim().toLowerCase());
  if (match === null) return undefined;
  for (const parameter of parameters) {
    const [key = '', raw = ''] = parameter.split('=');
    const charset = raw.trim().replace(/^"|"$/g, '').toLowerCase();
    if (key.trim().toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') {
      return undefined;
    }
  }
  return { streaming: match[1] !== undefined, codec: match[2] === 'json' ? 'json' : 'proto' };
}

/** `application/json`, `application/connect+proto`: the response's content type. */
export function connectContentType({ streaming, codec }: ConnectContentType): string {
  return `application/${streaming ? 'connect+' : ''}${codec}`;
}

/** Timeout-Milliseconds: "a positive integer as ASCII string of at most 10 digits". */
const TIMEOUT_MS = /^\d{1,10}$/;

/**
 * The milliseconds of `connect-timeout-ms`, 0 when absent (no deadline).
 * @throws RpcError `INVALID_ARGUMENT` for a value that is not 1 to 10 digits (a deadline the
 * server cannot read must not become no deadline at all); `DEADLINE_EXCEEDED` for 0.
 */
export function parseConnectTimeout(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!TIMEOUT_MS.test(value)) {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `malformed connect-timeout-ms ${JSON.stringify(value.slice(0, 32))}: expected 1 to 10 digits`,
    );
  }
  const ms = Number(value);
  if (ms === 0) {
    throw new RpcError(Status.DEADLINE_EXCEEDED, 'the deadline passed before the call started');
  }
  return ms;
}

/**
 * Checks `connect-protocol-version`. The specification lets servers require it (400 without
 * it); this server does not, so that curl and browsers need no special header, but a version
 * other than 1 is refused.
 * @throws RpcError `INVALID_ARGUMENT` for a version other than `1`.
 */
export function checkProtocolVersion(value: string | undefined): void {
  if (value === undefined || value.trim() === '1') return;
  throw new RpcError(
    Status.INVALID_ARGUMENT,
    `connect-protocol-version ${JSON.stringify(value.slice(0, 32))} is not supported (supported: 1)`,
  );
}

/**
 * The request's content coding (`content-encoding` for unary, `connect-content-encoding` for a
 * stream, the `compression` query parameter for GET); identity when absent.
 * @throws RpcError `UNIMPLEMENTED` naming the supported encodings, as the specification asks.
 */
export function readContentEncoding(value: string | undefined, header: string): string {
  const name = value?.trim().toLowerCase() ?? 'identity';
  if (name === '') return 'identity';
  if (DECOMPRESSION_ENCODINGS.includes(name)) return name;
  throw new RpcError(
    Status.UNIMPLEMENTED,
    `${header} ${JSON.stringify(value?.slice(0, 64))} is not supported (supported: ${CONNECT_ACCEPT_ENCODING})`,
  );
}

/**
 * The encoding of the response: `wanted` (the server's choice) when the client accepts it. A
 * client without an accept list accepts the encoding it sent with, and identity always.
 */
export function responseEncoding(
  wanted: CompressionEncoding,
  accept: string | undefined,
  requestEncoding: string,
): CompressionEncoding {
  const accepted =
    accept === undefined ? parseAcceptEncoding(requestEncoding) : parseAcceptEncoding(accept);
  return chooseEncoding(wanted, accepted);
}

/**
 * Where a Connect request names its content coding (`name`, its `value`) and the codings it
 * accepts for the response (the header `accept`): a unary POST in `content-encoding` and
 * `accept-encoding`, a stream in `connect-content-encoding` and `connect-accept-encoding`, a
 * GET in its `compression` query parameter and `accept-encoding`.
 */
export interface ConnectEncodingSource {
  readonly name: string;
  readonly value: string | undefined;
  readonly accept: string;
}

/** What a Connect request says of its call before its body: the timeout and both encodings. */
export interface ConnectCallHeaders {
  /** `connect-timeout-ms`, 0 for none. */
  readonly timeoutMs: number;
  /** What the request body is compressed with: `identity`, `gzip` or `deflate`. */
  readonly requestEncoding: string;
  /** The response's: `sendCompression` when the client accepts it, else identity. */
  readonly responseEncoding: CompressionEncoding;
}

/**
 * Reads the timeout and the encodings of a Connect call.
 * @throws RpcError as {@link parseConnectTimeout} and {@link readContentEncoding} do.
 */
export function readConnectCallHeaders(
  headers: IncomingHttpHeaders,
  sendCompression: CompressionEncoding,
  encoding: ConnectEncodingSource,
): ConnectCallHeaders {
  const timeoutMs = parseConnectTimeout(requestHeader(headers, 'connect-timeout-ms'));
  const requestEncoding = readContentEncoding(encoding.value, encoding.name);
  return {
    timeoutMs,
    requestEncoding,
    responseEncoding: responseEncoding(
      sendCompression,
      requestHeader(headers, encoding.accept),
      requestEncoding,
    ),
  };
}
