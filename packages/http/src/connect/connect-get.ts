import { RpcError, Status } from '@yrpc/rpc';

/** A unary call made with GET, as its query (Connect's Query-Get) gives it. */
export interface ConnectGetRequest {
  /** The `encoding` parameter as sent (`json`, `proto`, or one this server may not know). */
  readonly encoding: string;
  /** The `compression` parameter, undefined when absent (identity). */
  readonly compression: string | undefined;
  /** The message bytes: base64-decoded when `base64=1`, else the UTF-8 of the decoded text. */
  readonly message: Uint8Array;
}

/** Base64 in either alphabet (standard or URL-safe), padding optional. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Reads a Connect GET query (`connect=v1&encoding=json&message=…&base64=1&compression=gzip`):
 * parameters in any order, unknown ones ignored, the first of a repeated one used. Values are
 * percent-decoded as RFC 3986 says (`+` stays `+`: a JSON message may hold one, and clients
 * encode a space as `%20`).
 * @throws RpcError `INVALID_ARGUMENT` for a missing `encoding`, a `connect` other than `v1`,
 * malformed percent-encoding or base64.
 */
export function parseConnectGetQuery(query: string): ConnectGetRequest {
  const parameters = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decode(equals === -1 ? part : part.slice(0, equals), 'a parameter name');
    if (parameters.has(name)) continue;
    parameters.set(name, equals === -1 ? '' : part.slice(equals + 1));
  }
  const connect = parameters.get('connect');
  if (connect !== undefined && connect !== 'v1') {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `connect=${JSON.stringify(connect.slice(0, 32))} is not supported (supported: v1)`,
    );
  }
  const encoding = parameters.get('encoding');
  if (encoding === undefined || encoding === '') {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      'a GET call needs an encoding parameter (encoding=json or encoding=proto)',
    );
  }
  const compression = parameters.get('compression');
  const text = decode(parameters.get('message') ?? '', 'the message parameter');
  let message: Uint8Array;
  if (parameters.get('base64') === '1') {
    if (!BASE64.test(text)) {
      throw new RpcError(Status.INVALID_ARGUMENT, 'the message parameter is not valid base64');
    }
    message = Buffer.from(text, 'base64');
  } else {
    message = Buffer.from(text, 'utf8');
  }
  return {
    encoding: decode(encoding, 'the encoding parameter'),
    compression:
      compression === undefined ? undefined : decode(compression, 'the compression parameter'),
    message,
  };
}

/** Percent-decodes `text`. @throws RpcError `INVALID_ARGUMENT` naming `what` when malformed. */
function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `${what} is not valid percent-encoded UTF-8 (binary messages need base64=1)`,
    );
  }
}
