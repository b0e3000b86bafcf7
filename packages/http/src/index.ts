// Public API of @yrpc/http: explicit named exports only.

export type { HttpProtocolsOptions } from './http-protocols.js';
/**
 * gRPC, gRPC-Web and Connect on a yrpc Server's port: `new Server({ protocols: [httpProtocols()] })`.
 */
export { httpProtocols, httpProtocolsOptionsSchema } from './http-protocols.js';
/** Canonical proto3 JSON of a reflected message type, to and from protobuf binary. */
export { binaryToJson, jsonToBinary } from './json/proto-json.js';
