import { isRpcError, type Metadata } from '@yrpc/rpc';

/**
 * What `yrpc call -v` prints to stderr about a call's answer: `header key: value` for each
 * response header, `trailer key: value` for each trailer (a `-bin` value as its base64), and for
 * a failed call the trailers and `detail TYPE_URL (N bytes)` for each error detail.
 */
export function metadataLines(headers: Metadata, trailers: Metadata): string[] {
  return [
    ...Object.entries(headers).map(([key, value]) => `header ${key}: ${value}`),
    ...Object.entries(trailers).map(([key, value]) => `trailer ${key}: ${value}`),
  ];
}

/** The trailers and details a failed call carried, as {@link metadataLines} prints them. */
export function failureLines(error: unknown): string[] {
  if (!isRpcError(error)) return [];
  return [
    ...error.metadata.map(({ key, value }) => `trailer ${key}: ${value}`),
    ...error.details.map(({ typeUrl, value }) => `detail ${typeUrl} (${value.length} bytes)`),
  ];
}
