// Public API of @yrpc/http: explicit named exports only.

export type { ConnectTransportOptions } from './connect-client/connect-transport.js';
/**
 * A yrpc Client speaking the Connect protocol (binary protobuf, HTTP/2 or HTTP/1.1) to any
 * Connect server: `new Client(endpoint, { transport: connectTransport() })`.
 */
export {
  connectTransport,
  connectTransportOptionsSchema,
} from './connect-client/connect-transport.js';
export type { CorsOptions } from './cors/cors-options.js';
/** Browsers' cross-origin calls: the `cors` option of {@link httpProtocols}. */
export { corsOptionsSchema } from './cors/cors-options.js';
export type { GrpcTransportOptions } from './grpc-client/grpc-transport.js';
/** A yrpc Client speaking gRPC to any gRPC server: `new Client(endpoint, { transport: grpcTransport() })`. */
export { grpcTransport, grpcTransportOptionsSchema } from './grpc-client/grpc-transport.js';
export type { HttpProtocolsOptions } from './http-protocols.js';
/**
 * gRPC, gRPC-Web and Connect on a yrpc Server's port: `new Server({ protocols: [httpProtocols()] })`.
 */
export { httpProtocols, httpProtocolsOptionsSchema } from './http-protocols.js';
/** Canonical proto3 JSON of a reflected message type, to and from protobuf binary. */
export { binaryToJson, jsonToBinary } from './json/proto-json.js';
