import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { Metadata } from '@yrpc/rpc';

/**
 * Reads propagation fields from a call's metadata (`CallContext.metadata`). yrpc metadata keys
 * are lower-case, so the field name is looked up lower-cased.
 */
export const metadataGetter: TextMapGetter<Metadata> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/** Writes propagation fields into metadata about to be sent (`CallOptions.metadata`). */
export const metadataSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key.toLowerCase()] = value;
  },
};
