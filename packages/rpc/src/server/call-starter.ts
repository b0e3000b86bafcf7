import {
  DEFAULT_WINDOW,
  decodeRequestMeta,
  type Frame,
  FrameFlag,
  ProtocolError,
  type RequestMeta,
  RpcError,
  Status,
  validateRequestMeta,
} from '@yrpc/protocol';
import type { ReadonlyCallTable } from '../call/call-table.js';
import { inflateFailure, inflatePayload } from '../compression/payload-compression.js';
import { ownedPayload } from '../flow/owned-payload.js';
import type { AnswerWriter } from './answer-writer.js';
import { undecodableRequest, unimplemented } from './handler-failure.js';
import { RequestMetaCache } from './request-meta-cache.js';
import { ServerCall } from './server-call.js';
import type { SessionSettings } from './server-session.js';
import { ServerStream } from './server-stream.js';
import type { RegisteredMethod } from './service-registry.js';
import { type StreamHandler, startStreamHandler } from './stream-handler.js';
import { requestShapeError } from './stream-shape.js';
import { startUnaryHandler, type UnaryHandlerEnd } from './unary-handler.js';

/** The session that keeps the calls a {@link CallStarter} starts: it tracks and answers them. */
export interface CallKeeper extends UnaryHandlerEnd {
  /** A response stream ended well. */
  completeStream(call: ServerCall): void;
}

/**
 * Turns the REQUEST frames of one connection into calls. A request is refused with an ERROR,
 * for that call only, when its meta block breaks a rule, its method is unknown or of another
 * shape, its id is in use, the server is at its call limit, its request does not decode, or its
 * deadline passed while it waited; otherwise its handler starts (a streaming method's with the
 * call's {@link ServerStream}).
 */
export class CallStarter {
  /** The per-call window the client grants: what a response stream may have outstanding. */
  peerStreamWindow = DEFAULT_WINDOW;
  /**
   * Whether the server announced gzip in its handshake on this connection: COMPRESSED requests
   * are refused with INTERNAL until then (PROTOCOL.md section 4).
   */
  acceptsCompressed = false;
  readonly #peer: string;
  readonly #settings: SessionSettings;
  readonly #calls: ReadonlyCallTable<ServerCall>;
  readonly #writer: AnswerWriter;
  readonly #keeper: CallKeeper;
  /** Calls of one method without deadline or metadata repeat their meta bytes exactly. */
  readonly #lastMeta = new RequestMetaCache();

  /**
   * Starts the calls of the connection to `peer`, checking ids against the `calls` in flight,
   * refusing through `writer`; `keeper` keeps the calls started.
   */
  constructor(
    peer: string,
    settings: SessionSettings,
    calls: ReadonlyCallTable<ServerCall>,
    writer: AnswerWriter,
    keeper: CallKeeper,
  ) {
    this.#peer = peer;
    this.#settings = settings;
    this.#calls = calls;
    this.#writer = writer;
    this.#keeper = keeper;
  }

  /** Starts the call of a REQUEST frame received `waitedMs` ago. */
  start(frame: Frame, waitedMs: number): void {
    const id = frame.id;
    let meta: RequestMeta;
    let registered: RegisteredMethod | undefined;
    if (this.#lastMeta.matches(frame)) {
      meta = this.#lastMeta.meta;
      registered = this.#lastMeta.registered;
    } else {
      // A block that does not decode is a protocol error: it propagates and ends the connection
      // with a GOAWAY. One that decodes but breaks a rule is this call's fault only.
      meta = decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      try {
        validateRequestMeta(meta);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        this.#writer.sendError(id, new RpcError(Status.INVALID_ARGUMENT, error.message));
        return;
      }
      registered = this.#settings.registry.lookup(meta.method);
      this.#lastMeta.remember(frame, meta, registered);
    }
    if (registered?.handler === undefined) {
      this.#writer.sendError(id, unimplemented(meta.method, registered !== undefined));
      return;
    }
    const definition = registered.definition;
    const kindError = requestShapeError(definition, frame);
    if (kindError !== undefined) {
      this.#writer.sendError(id, kindError);
      return;
    }
    if (this.#calls.has(id)) {
      this.#writer.sendError(
        id,
        new RpcError(
          Status.INVALID_ARGUMENT,
          `request id ${id} is already in use by a call in flight`,
        ),
      );
      return;
    }
    // A plain unary handler finishes inside this frame: it never holds a place, so it is never
    // refused. A stream outlives its REQUEST whatever its handler's shape: it is counted.
    const refusal =
      registered.kind === 'plain' && !definition.requestStream && !definition.responseStream
        ? undefined
        : this.#settings.limiter?.refusal(this.#calls.size, definition.path);
    if (refusal !== undefined) {
      this.#writer.sendError(id, refusal);
      return;
    }
    let request: unknown;
    if (!definition.requestStream) {
      let bytes: Uint8Array;
      if ((frame.flags & FrameFlag.COMPRESSED) === 0) {
        // A copy: the frame's bytes are reused by the next read, the request may outlive it.
        bytes = ownedPayload(frame);
      } else {
        try {
          bytes = inflatePayload(frame.payload, this.acceptsCompressed, this.#settings.maxPayload);
        } catch (error) {
          this.#writer.sendError(
            id,
            inflateFailure(`a request message of ${definition.path}`, error),
          );
          return;
        }
      }
      try {
        request = definition.requestType.decode(bytes);
      } catch (error) {
        this.#writer.sendError(id, undecodableRequest(definition.path, error));
        return;
      }
    }
    // A request put aside has spent part of its budget waiting.
    const timeoutMs = meta.timeoutMs > 0 ? meta.timeoutMs - waitedMs : 0;
    if (meta.timeoutMs > 0 && timeoutMs <= 0) {
      this.#writer.sendError(
        id,
        new RpcError(
          Status.DEADLINE_EXCEEDED,
          `call ${definition.path} exceeded its deadline on the server before it could start`,
        ),
      );
      return;
    }
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
    const call = new ServerCall(
      id,
      definition.path,
      this.#peer,
      meta.metadata,
      deadline,
      meta.idempotencyKey,
    );
    this.#settings.counters.callsStarted++;
    if (!definition.requestStream) {
      call.requestBytes = frame.payloadLength;
      call.requestMessages = 1;
    }
    if (definition.requestStream || definition.responseStream) {
      this.#startStream(call, registered, request, timeoutMs, frame.endStream);
      return;
    }
    startUnaryHandler(call, registered, request, timeoutMs, this.#keeper);
  }

  /** Starts a streaming call: its stream, then its handler by kind (see stream-handler.ts). */
  #startStream(
    call: ServerCall,
    registered: RegisteredMethod,
    request: unknown,
    timeoutMs: number,
    requestsEnded: boolean,
  ): void {
    const definition = registered.definition;
    const settings = this.#settings;
    const keeper = this.#keeper;
    const stream = new ServerStream(
      call,
      definition,
      this.#writer,
      {
        clientStreamWindow: this.peerStreamWindow,
        streamWindow: settings.streamWindow,
        maxPayload: settings.maxPayload,
        compressFrom: this.#writer.compressFrom,
      },
      (bytes) => {
        try {
          return definition.requestType.decode(bytes);
        } catch (error) {
          throw undecodableRequest(definition.path, error);
        }
      },
      (bytes) => {
        try {
          return inflatePayload(bytes, this.acceptsCompressed, settings.maxPayload);
        } catch (error) {
          throw inflateFailure(`a request message of ${definition.path}`, error);
        }
      },
    );
    call.stream = stream;
    keeper.track(call, timeoutMs);
    if (definition.requestStream && requestsEnded) stream.requestsEnded();
    startStreamHandler(stream, registered.handler as StreamHandler, registered.kind, request, {
      respond: (value) => keeper.respond(call, definition, value),
      complete: () => keeper.completeStream(call),
      fail: (error) => keeper.fail(call, definition, error),
      spawn: (operation) => {
        call.operation = operation;
        keeper.spawn(call);
      },
      get finished() {
        return call.finished;
      },
    });
  }
}
