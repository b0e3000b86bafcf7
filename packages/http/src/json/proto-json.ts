import { ensureLongSupport, type GatewayMethod, RpcError, Status } from '@yrpc/rpc';
import type protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';

/**
 * Canonical proto3 JSON (the ProtoJSON mapping) for calls that arrive as JSON: request JSON text
 * to protobuf binary, response binary to JSON text, through protobufjs' `protojson` extension and
 * a method's reflected types. Handlers only ever see binary, as with every other protocol.
 */

/** Which way a conversion went, for the error it may give. */
type Direction = 'request' | 'response';

ensureLongSupport();

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Parses request JSON (UTF-8 bytes) into protobuf binary of `type`. An empty body is read as
 * `{}` (every field at its default), as curl users expect of an argument-less call.
 * @throws RpcError `INVALID_ARGUMENT` naming what was wrong: not UTF-8, not JSON, a duplicate
 * key, an unknown field, a value of the wrong type or out of range.
 *
 * A 64-bit integer sent as a JSON number past 2^53 arrives rounded (`JSON.parse` reads every
 * number as a double, and Node 20 gives a reviver no source text): send those as strings, as
 * the canonical mapping writes them and every Connect client sends them.
 */
export function jsonToBinary(type: protobuf.Type, json: Uint8Array): Uint8Array {
  let text: string;
  try {
    text = utf8.decode(json);
  } catch {
    throw new RpcError(Status.INVALID_ARGUMENT, `the ${shortName(type)} JSON is not valid UTF-8`);
  }
  if (text.trim() === '') text = '{}';
  let message: protobuf.Message;
  try {
    message = protojson.fromJsonString(type, text);
  } catch (error) {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `invalid ${shortName(type)} JSON: ${reason(error)}`,
    );
  }
  try {
    return type.encode(message).finish();
  } catch (error) {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `invalid ${shortName(type)} JSON: ${reason(error)}`,
    );
  }
}

/**
 * Formats protobuf binary of `type` as canonical JSON (UTF-8 bytes).
 * @throws RpcError `INTERNAL` when the bytes do not decode as `type`, or hold a value JSON cannot
 * carry (a Timestamp out of range, a non-finite `google.protobuf.Value` number).
 */
export function binaryToJson(type: protobuf.Type, binary: Uint8Array): Uint8Array {
  try {
    return encoder.encode(protojson.toJsonString(type, type.decode(binary)));
  } catch (error) {
    throw new RpcError(
      Status.INTERNAL,
      `the ${shortName(type)} message could not be written as JSON: ${reason(error)}`,
    );
  }
}

/**
 * The reflected type JSON needs for one side of `method`.
 * @throws RpcError `UNIMPLEMENTED` for a method served from protobufjs static code (it has no
 * reflected schema: such methods speak binary only).
 */
export function jsonSchema(method: GatewayMethod, direction: Direction): protobuf.Type {
  const schema = direction === 'request' ? method.requestSchema : method.responseSchema;
  if (schema === undefined) {
    throw new RpcError(
      Status.UNIMPLEMENTED,
      `${method.service}/${method.name} has no reflected schema; use binary (application/proto)`,
    );
  }
  return schema;
}

/** `package.Message`, without protobufjs' leading dot. */
function shortName(type: protobuf.Type): string {
  return type.fullName.startsWith('.') ? type.fullName.slice(1) : type.fullName;
}

/**
 * What protojson or JSON.parse said, for a person: their messages name the field and the value
 * (`.pkg.Msg.field: expected integer: true`); the stack stays out.
 */
function reason(error: unknown): string {
  let text = error instanceof Error ? error.message : String(error);
  // protobufjs' base64 decoder names neither the field nor the problem.
  if (text === 'invalid encoding') text = 'a bytes value is not valid base64';
  const bounded = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return bounded.replace(/(^|[\s(])\.(?=[A-Za-z_])/g, '$1');
}
