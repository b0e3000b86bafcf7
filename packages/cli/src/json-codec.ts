import { binaryToJson, jsonToBinary } from '@yrpc/http';
import type { MessageCodec } from '@yrpc/rpc';
import type protobuf from 'protobufjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A codec whose messages are canonical proto3 JSON text: what the command reads and prints goes
 * through the ProtoJSON mapping exactly, with none of the Client's object conversion between.
 */
export function jsonTextCodec(type: protobuf.Type): MessageCodec<string> {
  return {
    schema: type,
    encode(message, writer) {
      // The Client wants a Writer: the binary is decoded and written again (a few bytes, once).
      return type.encode(type.decode(jsonToBinary(type, encoder.encode(message))), writer);
    },
    decode(bytes) {
      const binary = bytes instanceof Uint8Array ? bytes : bytes.buf.subarray(bytes.pos, bytes.len);
      return decoder.decode(binaryToJson(type, binary));
    },
  };
}
