import { type MetadataEntry, Status, type StatusCode, type StatusDetail } from '@yrpc/rpc';
import { statusOfConnectCode } from '../connect/connect-error.js';

/** What a Connect error JSON says: its code, message and details. */
export interface ConnectErrorParts {
  readonly code: StatusCode;
  readonly message: string;
  readonly details: readonly StatusDetail[];
}

/** A stream's EndStreamResponse: its error (absent on success) and its trailers. */
export interface ConnectEndStream {
  readonly error: ConnectErrorParts | undefined;
  readonly trailers: readonly MetadataEntry[];
}

/**
 * Connect's error JSON (`{"code": "not_found", "message": …, "details": [{"type", "value"}]}`)
 * read from `value` (parsed JSON), or undefined when it is not one: not an object, no code, a
 * code Connect does not define. Details whose `value` is not base64 are left out; a detail's
 * `debug` is ignored, as the specification asks.
 */
export function readConnectError(value: unknown): ConnectErrorParts | undefined {
  if (!isObject(value) || typeof value.code !== 'string') return undefined;
  const code = statusOfConnectCode(value.code);
  if (code === undefined) return undefined;
  const message = typeof value.message === 'string' ? value.message : '';
  const details: StatusDetail[] = [];
  if (Array.isArray(value.details)) {
    for (const detail of value.details as unknown[]) {
      if (!isObject(detail) || typeof detail.type !== 'string') continue;
      if (typeof detail.value !== 'string' || !/^[A-Za-z0-9+/_-]*=*$/.test(detail.value)) continue;
      details.push({
        typeUrl: `type.googleapis.com/${detail.type}`,
        value: new Uint8Array(Buffer.from(detail.value, 'base64')),
      });
    }
  }
  return { code, message, details };
}

/**
 * The EndStreamResponse in `bytes` (UTF-8 JSON): `{"error"?: Error, "metadata"?: {key: [values]}}`.
 * An error whose code Connect does not define counts as `unknown`.
 * @throws Error when `bytes` is not such an object (the caller names the protocol violation).
 */
export function readEndStream(bytes: Uint8Array): ConnectEndStream {
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (!isObject(value)) throw new Error('the EndStreamResponse is not a JSON object');
  const trailers: MetadataEntry[] = [];
  if (value.metadata !== undefined) {
    if (!isObject(value.metadata)) throw new Error('its "metadata" is not an object');
    for (const [key, values] of Object.entries(value.metadata)) {
      if (!Array.isArray(values)) throw new Error(`its metadata "${key}" is not an array`);
      for (const item of values as unknown[]) {
        if (typeof item === 'string') trailers.push({ key: key.toLowerCase(), value: item });
      }
    }
  }
  if (value.error === undefined) return { error: undefined, trailers };
  if (!isObject(value.error) || typeof value.error.code !== 'string') {
    throw new Error('its "error" has no code');
  }
  const error = readConnectError(value.error) ?? {
    code: Status.UNKNOWN,
    message: typeof value.error.message === 'string' ? value.error.message : '',
    details: [],
  };
  return { error, trailers };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
