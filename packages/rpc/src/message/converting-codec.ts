import type protobuf from 'protobufjs';
import type { Reader, Writer } from 'protobufjs';
import type { MessageCodec } from '../service/message-codec.js';
import { ensureLongSupport } from './long-support.js';
import { type MessageInput, messageInput } from './message-input.js';
import {
  type MessageOptions,
  messageOptionsKey,
  type ResolvedMessageOptions,
  resolveMessageOptions,
} from './message-options.js';
import { type MessageOutput, messageOutput, plainDecodeTarget } from './message-output.js';

/**
 * The codec of a reflected message type that converts what it encodes and what it decodes
 * (README, "Messages"): input in any accepted form is checked and converted (a message already
 * in protobufjs' form is encoded as it is), decoded messages become plain objects as the
 * options say. `pinned` are the choices made where the service was loaded.
 */
export function convertingCodec(
  type: protobuf.Type,
  pinned: MessageOptions | undefined,
): MessageCodec {
  ensureLongSupport();
  return new ConvertingCodec(type, pinned, resolveMessageOptions(pinned));
}

class ConvertingCodec implements MessageCodec {
  readonly #type: protobuf.Type;
  readonly #pinned: MessageOptions | undefined;
  readonly #options: ResolvedMessageOptions;
  readonly #input: MessageInput;
  readonly #output: MessageOutput;
  /** For simple messages: the plain object protobufjs decodes into (see plainDecodeTarget). */
  readonly #target: (() => object) | undefined;
  #forEndpoints: Map<string, ConvertingCodec> | undefined;

  constructor(
    type: protobuf.Type,
    pinned: MessageOptions | undefined,
    options: ResolvedMessageOptions,
  ) {
    this.#type = type;
    this.#pinned = pinned;
    this.#options = options;
    this.#input = messageInput(type, options.wellKnownTypes);
    this.#output = messageOutput(type, options);
    this.#target = plainDecodeTarget(type, options);
  }

  get schema(): protobuf.Type {
    return this.#type;
  }

  encode(message: unknown, writer?: Writer): Writer {
    return this.#type.encode(this.#input.toEncodable(message, ''), writer);
  }

  decode(bytes: Reader | Uint8Array): unknown {
    const target = this.#target;
    if (target !== undefined) return decodeInto(this.#type, bytes, target());
    return this.#output(this.#type.decode(bytes));
  }

  forEndpoint(options: MessageOptions | undefined): MessageCodec {
    if (options === undefined) return this;
    const resolved = resolveMessageOptions(this.#pinned, options);
    const key = messageOptionsKey(resolved);
    if (key === messageOptionsKey(this.#options)) return this;
    this.#forEndpoints ??= new Map();
    let codec = this.#forEndpoints.get(key);
    if (codec === undefined) {
      codec = new ConvertingCodec(this.#type, this.#pinned, resolved);
      this.#forEndpoints.set(key, codec);
    }
    return codec;
  }
}

/** protobufjs' generated decoder takes the message to fill as its fifth argument. */
type DecodeInto = (
  reader: Reader | Uint8Array,
  length: number | undefined,
  endGroup: number | undefined,
  depth: number,
  target: object,
) => unknown;

function decodeInto(type: protobuf.Type, bytes: Reader | Uint8Array, target: object): unknown {
  return (type.decode as unknown as DecodeInto).call(type, bytes, undefined, undefined, 0, target);
}
