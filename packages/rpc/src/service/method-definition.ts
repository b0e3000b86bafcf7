import type { MessageCodec } from './message-codec.js';
import type { MethodPath } from './method-path.js';

/** One method of a service: its wire path and the codecs of its request and response. */
export interface MethodDefinition<Request = unknown, Response = unknown> {
  /** `/package.Service/Method`, the name sent on the wire. */
  readonly path: MethodPath;
  /** The method's name as written in the `.proto` (`SayHello`). */
  readonly name: string;
  /** The lower-camel-case name protobufjs static code uses (`sayHello`). */
  readonly localName: string;
  /** Fully qualified service name (`package.Service`). */
  readonly service: string;
  /** Codec of the request message. */
  readonly requestType: MessageCodec<Request>;
  /** Codec of the response message. */
  readonly responseType: MessageCodec<Response>;
  /** True when the `.proto` declares a client stream (not served by this version). */
  readonly requestStream: boolean;
  /** True when the `.proto` declares a server stream (not served by this version). */
  readonly responseStream: boolean;
  /**
   * True when the `.proto` marks the method `option idempotency_level = IDEMPOTENT` (or
   * `NO_SIDE_EFFECTS`): a client retry policy may send it again.
   */
  readonly idempotent?: boolean | undefined;
  /**
   * True when the `.proto` marks the method `option idempotency_level = NO_SIDE_EFFECTS`: it may
   * be called with an HTTP GET (Connect).
   */
  readonly sideEffectFree?: boolean | undefined;
}

/** `SayHello` -> `sayHello`, the way protobufjs names methods in static code. */
export function lowerCamel(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
}
