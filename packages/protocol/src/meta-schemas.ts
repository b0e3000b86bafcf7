import { z } from 'zod';
import type { RequestMeta, StatusMeta } from './meta.js';
import { ProtocolError } from './protocol-error.js';
import type { MetadataEntry } from './rpc-error.js';

// Rules on meta fields that protobuf's types cannot state. The zod schemas are for code that
// validates user input; the `validate*` functions check the same rules on the receive path
// without zod's overhead (the tests hold both to the same answers).

/** `package.Service/Method`: dotted identifiers, a slash, an identifier. At most 256 chars. */
export const METHOD_NAME =
  /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\/[A-Za-z_][A-Za-z0-9_]*$/;
/** Metadata keys: lower-case ASCII letters, digits, `-`, `_`, `.`; 1..128 chars (as HTTP/2 wants). */
export const METADATA_KEY = /^[0-9a-z_.-]{1,128}$/;
/** W3C traceparent: version-traceid-parentid-flags in lower-case hex. */
export const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** Longest method name accepted. */
export const MAX_METHOD_LENGTH = 256;
/** Longest metadata value accepted, in UTF-16 units. */
export const MAX_METADATA_VALUE_LENGTH = 8192;
/** Longest idempotency key accepted, in bytes. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 64;
/** Longest W3C tracestate accepted (the W3C limit is 512). */
export const MAX_TRACESTATE_LENGTH = 512;

/** Schema of a method name. */
export const methodNameSchema = z.string().max(MAX_METHOD_LENGTH).regex(METHOD_NAME);
/** Schema of a call timeout in ms: 0 (none) up to 2^32-1 (49.7 days). */
export const timeoutMsSchema = z.number().int().min(0).max(0xffff_ffff);
/** Schema of a metadata entry. */
export const metadataEntrySchema = z.object({
  key: z.string().regex(METADATA_KEY),
  value: z.string().max(MAX_METADATA_VALUE_LENGTH),
});
/** Schema of a request meta as decoded or as given to the encoder. */
export const requestMetaSchema = z.object({
  method: methodNameSchema,
  timeoutMs: timeoutMsSchema.optional(),
  idempotencyKey: z
    .instanceof(Uint8Array)
    .refine((key) => key.length <= MAX_IDEMPOTENCY_KEY_LENGTH, {
      message: `at most ${MAX_IDEMPOTENCY_KEY_LENGTH} bytes`,
    })
    .optional(),
  metadata: z.array(metadataEntrySchema).optional(),
  traceparent: z.union([z.literal(''), z.string().regex(TRACEPARENT)]).optional(),
  tracestate: z.string().max(MAX_TRACESTATE_LENGTH).optional(),
});
/** Schema of an error status: code 1..16 (0 is not an error). */
export const statusMetaSchema = z.object({
  code: z.number().int().min(1).max(16),
  message: z.string().optional(),
  trailers: z.array(metadataEntrySchema).optional(),
});

function invalid(field: string, value: unknown, rule: string): ProtocolError {
  return new ProtocolError('invalid-meta', `invalid ${field}: ${rule}`, value);
}

/** Whether `name` is a valid method name. */
export function isValidMethodName(name: string): boolean {
  return name.length <= MAX_METHOD_LENGTH && METHOD_NAME.test(name);
}

/** Checks metadata entries. @throws ProtocolError `invalid-meta` naming the first bad entry. */
export function validateMetadata(entries: readonly MetadataEntry[], field = 'metadata'): void {
  for (const entry of entries) {
    if (!METADATA_KEY.test(entry.key)) {
      throw invalid(`${field} key`, entry.key, 'lower-case ASCII [0-9a-z_.-], 1..128 characters');
    }
    if (entry.value.length > MAX_METADATA_VALUE_LENGTH) {
      throw invalid(`${field} value of ${entry.key}`, entry.value.length, 'too long');
    }
  }
}

/**
 * Checks a decoded request meta against the rules protobuf cannot express.
 * @throws ProtocolError `invalid-meta` (status INVALID_ARGUMENT) with the offending value.
 */
export function validateRequestMeta(meta: RequestMeta): RequestMeta {
  if (!isValidMethodName(meta.method)) {
    throw invalid('method', meta.method, 'expected "package.Service/Method"');
  }
  if (meta.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalid('idempotency key', meta.idempotencyKey.length, 'more than 64 bytes');
  }
  if (meta.traceparent !== '' && !TRACEPARENT.test(meta.traceparent)) {
    throw invalid('traceparent', meta.traceparent, 'not a W3C traceparent');
  }
  if (meta.tracestate.length > MAX_TRACESTATE_LENGTH) {
    throw invalid('tracestate', meta.tracestate.length, 'more than 512 characters');
  }
  validateMetadata(meta.metadata);
  return meta;
}

/**
 * Checks a decoded error status: a code from 1 to 16 and valid trailers.
 * @throws ProtocolError `invalid-meta`.
 */
export function validateStatusMeta(meta: StatusMeta): StatusMeta {
  if (!Number.isInteger(meta.code) || meta.code < 1 || meta.code > 16) {
    throw invalid('status code', meta.code, 'an error status is 1..16');
  }
  validateMetadata(meta.trailers, 'trailers');
  return meta;
}
