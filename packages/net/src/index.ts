// Public API of @yrpc/net: explicit named exports only.
export { ByteBuffer, type ByteBufferOptions } from './byte-buffer.js';
export {
  Connection,
  type ConnectionState,
  type ConnectionStats,
  type Transport,
  type Waiter,
} from './connection.js';
export type { ConnectionOptions, ResolvedConnectionOptions } from './connection-options.js';
export { createConnectionPair } from './connection-pair.js';
export { backoffDelay, type ConnectOptions, connect, type RetryOptions } from './connector.js';
export { Listener, type ListenerStats, type ListenOptions } from './listener.js';
export { MemoryDuplex } from './memory-duplex.js';
export {
  ByteBufferError,
  type ByteBufferErrorCode,
  NetError,
  type NetErrorCode,
  type NetErrorOptions,
} from './net-error.js';
export type { TlsClientOptions, TlsServerOptions } from './tls-options.js';
