import type { MetadataEntry, StatusDetail } from './rpc-error.js';

/**
 * Meta of a REQUEST frame, as given to the encoder: only `method` is required. Empty strings,
 * zero and empty arrays mean "absent" and take no bytes on the wire.
 */
export interface RequestMetaInit {
  /** Fully qualified method, `package.Service/Method`. */
  readonly method: string;
  /** Time budget in milliseconds from receipt (relative, so clocks need not agree); 0 = none. */
  readonly timeoutMs?: number;
  /** Key under which the server may cache the result for a retry after a reconnect. */
  readonly idempotencyKey?: Uint8Array;
  readonly metadata?: readonly MetadataEntry[];
  /** W3C `traceparent` header value. */
  readonly traceparent?: string;
  /** W3C `tracestate` header value. */
  readonly tracestate?: string;
}

/** Meta of a REQUEST frame as decoded: every field present, defaults for absent ones. */
export interface RequestMeta extends Required<RequestMetaInit> {}

/** Meta of a RESPONSE frame as given to the encoder. */
export interface ResponseMetaInit {
  readonly metadata?: readonly MetadataEntry[];
  readonly trailers?: readonly MetadataEntry[];
}

/** Meta of a RESPONSE frame as decoded. */
export interface ResponseMeta extends Required<ResponseMetaInit> {}

/** Meta of an ERROR frame (and the optional reason of a CANCEL or STREAM_END frame). */
export interface StatusMetaInit {
  /** Status code, 1..16. */
  readonly code: number;
  readonly message?: string;
  readonly details?: readonly StatusDetail[];
  readonly trailers?: readonly MetadataEntry[];
}

/** Status meta as decoded. */
export interface StatusMeta extends Required<StatusMetaInit> {}

/** Meta of a HANDSHAKE frame: what the sender speaks and accepts. 0 means default / no limit. */
export interface HandshakeMetaInit {
  readonly version?: number;
  readonly maxFrameSize?: number;
  readonly maxMetaSize?: number;
  readonly maxConcurrentCalls?: number;
  readonly heartbeatIntervalMs?: number;
  readonly agent?: string;
  /** Initial connection flow-control window granted (payload bytes); 0 = the default. */
  readonly connectionWindow?: number;
  /** Initial per-call flow-control window granted (payload bytes); 0 = the default. */
  readonly streamWindow?: number;
  /**
   * Payload encodings the sender decompresses (`gzip`); empty = none. The peer may set
   * the COMPRESSED flag only on payloads to a side that listed `gzip`.
   */
  readonly acceptEncoding?: readonly string[];
}

/**
 * Handshake meta as decoded: every field present, defaults for absent ones (`acceptEncoding`
 * is optional only so that a HandshakeMeta made by hand, as before it existed, still is one).
 */
export interface HandshakeMeta extends Required<Omit<HandshakeMetaInit, 'acceptEncoding'>> {
  readonly acceptEncoding?: readonly string[];
}

/** Meta of a GOAWAY frame; the last processed request id travels in the header's id field. */
export interface GoAwayMetaInit {
  /** 0 for a graceful shutdown, otherwise the status code of the reason. */
  readonly code?: number;
  readonly message?: string;
}

/** GOAWAY meta as decoded. */
export interface GoAwayMeta extends Required<GoAwayMetaInit> {}
