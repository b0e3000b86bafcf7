// Public API of @yrpc/http: explicit named exports only.

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
