import type { GatewayMethod } from '@yrpc/rpc';
import { binaryToJson, jsonSchema, jsonToBinary } from '../json/proto-json.js';

/**
 * How one call's messages go between Connect's wire codec and the binary protobuf the gateway
 * speaks: `proto` as it is, `json` through the method's reflected types.
 */
export interface ConnectCodec {
  /** A request message from the wire, as protobuf binary. @throws RpcError INVALID_ARGUMENT. */
  request(bytes: Uint8Array): Uint8Array;
  /** A response message (protobuf binary) for the wire. @throws RpcError INTERNAL. */
  response(binary: Uint8Array): Uint8Array;
}

const PROTO: ConnectCodec = {
  request: (bytes) => bytes,
  // The gateway's payload is a view into a shared buffer: the caller copies it (a frame does).
  response: (binary) => binary,
};

/**
 * The codec of `method`'s messages in `codec`.
 * @throws RpcError `UNIMPLEMENTED` for JSON of a method without a reflected schema.
 */
export function connectCodec(method: GatewayMethod, codec: 'json' | 'proto'): ConnectCodec {
  if (codec === 'proto') return PROTO;
  const requestType = jsonSchema(method, 'request');
  const responseType = jsonSchema(method, 'response');
  return {
    request: (bytes) => jsonToBinary(requestType, bytes),
    response: (binary) => binaryToJson(responseType, binary),
  };
}
