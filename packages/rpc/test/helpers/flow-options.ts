import type { ClientOptions, ServerOptions } from '../../src/index.js';

// The flow-control options (PROTOCOL.md sections 6 and 10), typed here so that the tests that use
// them compile whether or not the Server and Client option types have them yet.

/** Windows and output buffering of one side. */
export interface FlowControlOptions {
  /** Payload bytes the peer may have outstanding on the connection. */
  readonly connectionWindow?: number;
  /** Payload bytes the peer may have outstanding on one call. */
  readonly streamWindow?: number;
  /** Pending output at which the side stops taking on work. */
  readonly outputHighWaterMark?: number;
}

/** Server options with the connection timeouts and flow control. */
export type FlowServerOptions = ServerOptions & {
  readonly firstFrameTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly writeStallTimeoutMs?: number;
  readonly flowControl?: FlowControlOptions;
};

/** Client options with the call queue bound and flow control. */
export type FlowClientOptions = ClientOptions & {
  readonly maxQueuedCalls?: number;
  readonly flowControl?: FlowControlOptions;
};

/** `options` as the Server takes them. */
export function serverOptions(options: FlowServerOptions): ServerOptions {
  return options as ServerOptions;
}

/** `options` as the Client takes them. */
export function clientOptions(options: FlowClientOptions): ClientOptions {
  return options as ClientOptions;
}
