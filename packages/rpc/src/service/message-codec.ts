import type protobuf from 'protobufjs';
import type { Reader, Writer } from 'protobufjs';
import type { MessageOptions } from '../message/message-options.js';

/**
 * What the rpc layer needs of a protobuf message type: encode and decode. A protobufjs reflection
 * `Type` (loaded at run time) and a class from protobufjs static code both have this shape.
 */
export interface MessageCodec<T = unknown> {
  /** Encodes `message` (a message instance or a plain object of its fields). */
  encode(message: T, writer?: Writer): Writer;
  /** Decodes one message from `bytes`; throws when the bytes are not a valid message. */
  decode(bytes: Reader | Uint8Array): T;
  /**
   * This codec for a Server or Client whose `messages` options are `options`: the choices made
   * where the service was loaded stay, the endpoint's fill in the rest. Codecs without message
   * conversion (protobufjs static code) lack it and are used as they are.
   */
  forEndpoint?(options: MessageOptions | undefined): MessageCodec<T>;
  /**
   * The reflected protobufjs type behind this codec, when it has one (what JSON and reflection
   * need); protobufjs static code has none.
   */
  readonly schema?: protobuf.Type | undefined;
}
