import {
  ATTR_ERROR_TYPE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';

/**
 * Attribute names of the OpenTelemetry RPC semantic conventions as instrumentations of gRPC emit
 * them (semconv 1.20 to 1.36: `rpc.system`, `rpc.service`, `rpc.method`). The RPC names are
 * still experimental in `@opentelemetry/semantic-conventions`, whose advice to libraries is to
 * copy them rather than import its incubating entry point; the stable ones are imported.
 */
export const RpcAttribute = {
  /** `"yrpc"`. */
  system: 'rpc.system',
  /** Fully qualified service name, `pkg.Service`. */
  service: 'rpc.service',
  /** Method name as in the `.proto`, `Method`. */
  method: 'rpc.method',
  /** The call's status as a number (gRPC numbering), after `rpc.grpc.status_code`. */
  statusCode: 'rpc.yrpc.status_code',
  /** The call's status by name (`OK`, `DEADLINE_EXCEEDED`), the newer semconv's spelling. */
  responseStatusCode: 'rpc.response.status_code',
  /** `SENT` or `RECEIVED`, on a `message` event. */
  messageType: 'rpc.message.type',
  /** Counts from 1, one counter per direction, on a `message` event. */
  messageId: 'rpc.message.id',
  errorType: ATTR_ERROR_TYPE,
  networkPeerAddress: ATTR_NETWORK_PEER_ADDRESS,
  networkPeerPort: ATTR_NETWORK_PEER_PORT,
  serverAddress: ATTR_SERVER_ADDRESS,
  serverPort: ATTR_SERVER_PORT,
} as const;

/** The value of `rpc.system` on every span and measurement of this package. */
export const RPC_SYSTEM = 'yrpc';
