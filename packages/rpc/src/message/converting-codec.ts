import type protobuf from 'protobufjs';
import type { MessageCodec } from '../service/message-codec.js';
import type { MessageOptions } from './message-options.js';

/** The codec of a reflected message type whose messages are converted per `pinned` options. */
export function convertingCodec(
  type: protobuf.Type,
  pinned: MessageOptions | undefined,
): MessageCodec {
  void pinned;
  return type as unknown as MessageCodec;
}
