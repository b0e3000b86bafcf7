import type { MetadataEntry, RpcError } from '@yrpc/protocol';
import type protobuf from 'protobufjs';
import type { MethodPath } from '../../service/method-path.js';

/**
 * One method of a server, as another protocol sees it (for routing, content negotiation, JSON).
 */
export interface GatewayMethod {
  /** `/package.Service/Method`. */
  readonly path: MethodPath;
  /** Fully qualified service name (`package.Service`). */
  readonly service: string;
  /** The method's name as written in the `.proto` (`SayHello`). */
  readonly name: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  /** `option idempotency_level = NO_SIDE_EFFECTS`: Connect may call it with GET. */
  readonly sideEffectFree: boolean;
  /**
   * The reflected protobufjs types of the request and response (what JSON needs), when the
   * service was loaded from a `.proto` or JSON descriptor; absent for protobufjs static code.
   */
  readonly requestSchema: protobuf.Type | undefined;
  readonly responseSchema: protobuf.Type | undefined;
}

/** How a call starts: what the peer asked for. */
export interface GatewayCallInit {
  /** The method's path as the peer sent it (`/package.Service/Method`). */
  readonly path: string;
  /**
   * Request metadata. A `-bin` key's value is its base64 text, as it travels in HTTP/2 headers.
   */
  readonly metadata: readonly MetadataEntry[];
  /** The peer's timeout in milliseconds, 0 for none. */
  readonly timeoutMs: number;
  /**
   * The encoded request of a method without a request stream (protobuf binary). Absent for a
   * request stream: its messages come through {@link GatewayCall.receive}.
   */
  readonly request?: Uint8Array | undefined;
}

/**
 * Where a call's answer goes: the protocol's side of one call. Called by the gateway in this
 * order: `headers` once, then `message` for each response message, then `end` once — or `end`
 * alone (after `headers`) when the call fails before any message.
 */
export interface GatewayCallSink {
  /** The response headers the handler set (empty when none), before anything else is sent. */
  headers(entries: readonly MetadataEntry[]): void;
  /**
   * One response message, protobuf binary. `payload` is a view into a shared buffer: copy it
   * before returning. Returns `true` when the peer took it at once; `false` when its flow control
   * holds it back, and then calls `written()` once it went (the handler waits until then).
   */
  message(payload: Uint8Array, written: () => void): boolean;
  /**
   * The call is over: `error` is undefined for OK; `trailers` are those the handler set. Not
   * called after the protocol itself gave the call up with {@link GatewayCall.cancel}, nor after
   * {@link GatewayConnection.close}.
   */
  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void;
  /**
   * The handler took request messages of a request stream worth `bytes`: the protocol may read
   * more from the peer (its flow control).
   */
  consumed(bytes: number): void;
}

/** A call in flight, as the protocol that started it drives it. */
export interface GatewayCall {
  /** One request message of a request stream (protobuf binary; the gateway keeps `payload`). */
  receive(payload: Uint8Array): void;
  /** The peer sent its last request message. */
  endRequests(): void;
  /**
   * The peer gave the call up (RST_STREAM, a closed connection): the handler is stopped, its
   * signal aborts with CANCELLED (DEADLINE_EXCEEDED when `deadline`), nothing is sent back.
   */
  cancel(deadline?: boolean): void;
  /** Bytes of request messages received and not yet taken by the handler. */
  readonly unconsumedBytes: number;
}

/** The calls of one connection of another protocol. */
export interface GatewayConnection {
  /**
   * Starts a call whose answer goes to `sink`. A call refused at once (unknown method, a request
   * that does not decode, the server at its call limit, a passed deadline) is answered through
   * `sink` before this returns.
   */
  start(init: GatewayCallInit, sink: GatewayCallSink): GatewayCall;
  /** Calls of this connection in flight. */
  readonly callsInFlight: number;
  /** The connection is gone: every call of it stops with `reason`; sinks hear nothing more. */
  close(reason: RpcError): void;
}

/**
 * The door through which another protocol (see {@link ServerProtocol}) reaches a server's
 * services: method lookup, and calls run exactly as yrpc's own are.
 */
export interface CallGateway {
  /** The method under `path` (`/package.Service/Method`), or undefined when none is registered. */
  method(path: string): GatewayMethod | undefined;
  /** Every registered method, in the order they were added. */
  methods(): readonly GatewayMethod[];
  /** The largest request or response message the server accepts or sends, in bytes. */
  readonly maxMessageBytes: number;
  /** Opens the calls of a new connection from `peer`. */
  open(peer: string): GatewayConnection;
}
