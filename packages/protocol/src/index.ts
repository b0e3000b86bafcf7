// Public API of @yrpc/protocol: explicit named exports only.

// ── Re-exported from @yrpc/net for the layers above ──
// Net's own API, and the coroutine, runtime and timer API that net passes on from the layers
// beneath it, so @yrpc/rpc needs only @yrpc/protocol.
export {
  ByteBuffer,
  ByteBufferError,
  type ByteBufferErrorCode,
  type ByteBufferOptions,
  backoffDelay,
  Connection,
  type ConnectionOptions,
  type ConnectionState,
  type ConnectionStats,
  type ConnectOptions,
  Context,
  CoroutineError,
  type CoroutineErrorCode,
  call,
  connect,
  createConnectionPair,
  createContext,
  currentDeadline,
  currentRuntime,
  currentTask,
  defaultRuntime,
  defaultScheduler,
  type FlushTiming,
  fromPromise,
  type Halting,
  type Instruction,
  Listener,
  type ListenerStats,
  type ListenOptions,
  ManualClock,
  MemoryDuplex,
  NetError,
  type NetErrorCode,
  type NetErrorOptions,
  type Operation,
  type OperationFactory,
  type ResolvedConnectionOptions,
  type Resumer,
  type RetryOptions,
  type RunOptions,
  Runtime,
  type RuntimeOptions,
  remainingTime,
  run,
  runCoroutine,
  Scheduler,
  type SchedulerOptions,
  type SocketDivert,
  sleep,
  spawn,
  suspend,
  type Task,
  type TaskState,
  type TimerHandle,
  TimerQueue,
  type TimerQueueOptions,
  type TlsClientOptions,
  type TlsServerOptions,
  type Transport,
  until,
  type Waiter,
  withDeadline,
  withTimeout,
  yieldNow,
} from '@yrpc/net';
export { ConnectionInspector, type ConnectionSide } from './connection-inspector.js';
export { statusOfError, toRpcError } from './error-status.js';
// Flow control
export { DEFAULT_WINDOW, MAX_WINDOW, ReceiveWindow, SendWindow } from './flow-window.js';
export { Frame, windowIncrement } from './frame.js';
export { FrameDecoder, OWNED_PAYLOAD_MIN, VIEW_PAYLOAD_MIN } from './frame-decoder.js';
export { FrameEncoder } from './frame-encoder.js';
// Frames
export {
  HEADER_SIZE,
  MAGIC,
  MAX_META_LENGTH,
  PROTOCOL_VERSION,
  WINDOW_UPDATE_PAYLOAD,
} from './frame-header.js';
export { FrameInspector, type FrameInspectorOptions } from './frame-inspector.js';
export {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_META_SIZE,
  type FrameLimits,
  type FrameLimitsInit,
  frameLimitsSchema,
  resolveFrameLimits,
} from './frame-limits.js';
export { FrameFlag, FrameType, type FrameTypeCode, frameTypeName } from './frame-type.js';
export {
  type FramedCloseReason,
  FramedConnection,
  type FramedConnectionOptions,
} from './framed-connection.js';
export {
  COMPRESSED_ENCODING,
  DEFAULT_CONNECTION_WINDOW,
  DEFAULT_STREAM_WINDOW,
  defaultConnectionWindow,
  defaultStreamWindow,
  ENCODING_NAME,
  type HandshakeOptions,
  handshakeOptionsSchema,
  localHandshake,
  type NegotiatedHandshake,
  negotiateHandshake,
  peerAcceptsCompressed,
} from './handshake.js';
export { type IdClock, loopClock, systemClock } from './id-clock.js';
// Ids
export { IdError, type IdErrorCode } from './id-error.js';
export { DEFAULT_MAX_LEAD_MS, type TimeIdOptions } from './id-options.js';
export { Id32, type Id32Options } from './id32.js';
export { Id64, type Id64Options } from './id64.js';
export type {
  FrameViolation,
  FrameViolationCode,
  InspectedFrame,
  InspectedMeta,
  InspectionEvent,
} from './inspected-frame.js';
// Meta blocks
export type {
  GoAwayMeta,
  GoAwayMetaInit,
  HandshakeMeta,
  HandshakeMetaInit,
  RequestMeta,
  RequestMetaInit,
  ResponseMeta,
  ResponseMetaInit,
  StatusMeta,
  StatusMetaInit,
} from './meta.js';
export {
  isValidMethodName,
  METADATA_KEY,
  METHOD_NAME,
  metadataEntrySchema,
  methodNameSchema,
  requestMetaSchema,
  statusMetaSchema,
  TRACEPARENT,
  timeoutMsSchema,
  validateMetadata,
  validateRequestMeta,
  validateStatusMeta,
} from './meta-schemas.js';
export {
  decodeGoAwayMeta,
  decodeHandshakeMeta,
  decodeStatusMeta,
} from './protobuf-meta-codec.js';
export { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';
export {
  type InFlightIds,
  MAX_REQUEST_ID,
  RequestIdAllocator,
  type RequestIdAllocatorOptions,
} from './request-id-allocator.js';
export { decodeRequestMeta } from './request-meta-codec.js';
export { decodeResponseMeta } from './response-meta-codec.js';
export {
  isRpcError,
  type MetadataEntry,
  RpcError,
  type RpcErrorOptions,
  type StatusDetail,
} from './rpc-error.js';
export {
  DEFAULT_SNOWFLAKE_EPOCH,
  Snowflake,
  type SnowflakeOptions,
  type SnowflakeParts,
} from './snowflake.js';
// Status codes and errors
export {
  isStatusCode,
  Status,
  type StatusCode,
  type StatusName,
  statusFromName,
  statusName,
} from './status.js';
export { Uint64 } from './uint64.js';
