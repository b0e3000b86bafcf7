// Public API of @yrpc/net: explicit named exports only.

// ── Re-exported from @yrpc/poller for the layers above ──
// The coroutine API (which @yrpc/poller re-exports from @yrpc/coroutine), the runtime with its
// sleeps, timeouts and deadlines, and the timer queue, so @yrpc/protocol needs only @yrpc/net.
export {
  Context,
  CoroutineError,
  type CoroutineErrorCode,
  call,
  createContext,
  currentDeadline,
  currentRuntime,
  currentTask,
  defaultRuntime,
  defaultScheduler,
  fromPromise,
  type Halting,
  type Instruction,
  ManualClock,
  type Operation,
  type OperationFactory,
  type Resumer,
  type RunOptions,
  Runtime,
  type RuntimeOptions,
  remainingTime,
  run,
  runCoroutine,
  Scheduler,
  type SchedulerOptions,
  sleep,
  spawn,
  suspend,
  type Task,
  type TaskState,
  type TimerHandle,
  TimerQueue,
  type TimerQueueOptions,
  until,
  withDeadline,
  withTimeout,
  yieldNow,
} from '@yrpc/poller';
export { ByteBuffer } from './byte-buffer.js';
export type { ByteBufferOptions } from './byte-storage.js';
export { Connection, type ConnectionState } from './connection.js';
export type {
  ConnectionOptions,
  FlushTiming,
  ResolvedConnectionOptions,
} from './connection-options.js';
export { createConnectionPair } from './connection-pair.js';
export type { ConnectionStats } from './connection-stats.js';
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
export type { SocketDivert } from './socket-divert.js';
export type { TlsClientOptions, TlsServerOptions } from './tls-options.js';
export type { Transport } from './transport.js';
export type { Waiter } from './waiter.js';
