import { type GatewayCallInit, type GatewayConnection, RpcError, type StatusCode } from '@yrpc/rpc';
import type { ExchangeCallState } from '../exchange/exchange-call-state.js';
import type { HttpExchange } from '../exchange/http-exchange.js';
import type { LengthPrefixedMessage } from './message-deframer.js';

/**
 * How one protocol reads the request messages of a body of Length-Prefixed-Messages (gRPC's
 * messages, gRPC-Web's frames, Connect's envelopes). Each method may throw an RpcError, which
 * fails the call.
 */
export interface RequestMessageFormat {
  /** The messages `chunk` of the body completes. */
  push(chunk: Uint8Array): LengthPrefixedMessage[];
  /** The body ended: its last messages; throws when it ended inside one. */
  end(): LengthPrefixedMessage[];
  /** A request message's bytes as the gateway takes them (decompressed, converted). */
  decode(message: LengthPrefixedMessage): Uint8Array;
  /** The status of a request that has other than one message where one is due. */
  readonly wrongCountCode: StatusCode;
}

/**
 * Reads a call's request messages from its body, in a protocol's {@link RequestMessageFormat}:
 * the one request of a method without a request stream before the call starts, or a request
 * stream into the running call. A throw of the format fails the call.
 */
export class RequestMessageReader {
  readonly #exchange: HttpExchange;
  readonly #state: ExchangeCallState;
  readonly #format: RequestMessageFormat;

  constructor(exchange: HttpExchange, state: ExchangeCallState, format: RequestMessageFormat) {
    this.#exchange = exchange;
    this.#state = state;
    this.#format = format;
  }

  /**
   * Reads the one request message, then starts the call with it (its timeout less the time the
   * request took to arrive). The arrival timer is the caller's to start.
   */
  readSingle(connection: GatewayConnection, init: GatewayCallInit): void {
    const state = this.#state;
    const format = this.#format;
    let request: Uint8Array | undefined;
    this.#read({
      take(messages) {
        for (const message of messages) {
          if (request !== undefined) {
            throw new RpcError(
              format.wrongCountCode,
              `${init.path} takes one request message, got more`,
            );
          }
          request = format.decode(message);
        }
      },
      taken() {},
      ended() {
        if (request === undefined) {
          state.fail(
            new RpcError(format.wrongCountCode, `${init.path} takes one request message, got none`),
          );
          return;
        }
        state.start(connection, { ...init, timeoutMs: state.remainingTimeoutMs(), request });
      },
    });
  }

  /**
   * Starts the call at once, then hands it the request messages as the body brings them
   * (pausing the body while the handler holds too many) and their end.
   */
  stream(connection: GatewayConnection, init: GatewayCallInit): void {
    const state = this.#state;
    const format = this.#format;
    state.start(connection, init);
    this.#read({
      take(messages) {
        for (const message of messages) {
          // The gateway may have ended the call in an earlier receive (a handler that failed).
          if (state.done) return;
          state.call?.receive(format.decode(message));
        }
      },
      taken: () => state.received(),
      ended() {
        if (!state.done) state.call?.endRequests();
      },
    });
  }

  /** Reads the body as messages into `sink`, until it ends or the call is over. */
  #read(sink: MessageSink): void {
    const state = this.#state;
    const format = this.#format;
    /** Whether `messages` were taken without failing the call. */
    const deliver = (messages: () => LengthPrefixedMessage[]): boolean => {
      if (state.done) return false;
      try {
        sink.take(messages());
        return true;
      } catch (error) {
        state.fail(error);
        return false;
      }
    };
    this.#exchange.readBody(
      (chunk) => {
        if (deliver(() => format.push(chunk))) sink.taken();
      },
      () => {
        if (deliver(() => format.end())) sink.ended();
      },
    );
  }
}

/** What is done with the messages of a body as it comes in. */
interface MessageSink {
  /** Takes the messages a chunk completed, or the last ones; a throw fails the call. */
  take(messages: LengthPrefixedMessage[]): void;
  /** The messages of a chunk were taken. */
  taken(): void;
  /** The last messages were taken: the body is over. */
  ended(): void;
}
