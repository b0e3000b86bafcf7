import { type MetadataEntry, RpcError, Status, type TimerQueue } from '@yrpc/protocol';
import type { ClosedTotals } from '../../call/stats.js';
import { toMetadata } from '../client-answer-meta.js';
import type { ClientCall, ClientCallOwner } from '../client-call.js';
import type { ConnectionEvent } from '../client-connector.js';
import { clearDeadline } from '../client-deadline.js';
import { ClientStreamCall, type StreamCarrier } from '../client-stream-call.js';
import type { ClientTransport, TransportCall, TransportCallSink } from './client-transport.js';

/**
 * A stream's windows are the transport's business (HTTP/2 flow control, with `consumed` telling
 * it what was taken): the client's own are opened as wide as they go.
 */
export const TRANSPORT_WINDOW = 0x7fff_ffff;

const NO_METADATA = {};

/** The transport-side state of one call: its handle, for cancel and expiry. */
interface CarriedCall {
  handle: TransportCall | undefined;
}

/**
 * What a Client's calls go through when it has a {@link ClientTransport}: the same surface as
 * the yrpc connector (start, cancel, expire, close, stats), turning the client's calls into
 * protocol-neutral starts on the transport and its answers back into settled calls and streams.
 */
export class TransportConnector implements ClientCallOwner {
  /** Told of connection events; a transport reports none (a balancing pool then sees it as ready). */
  onConnectionEvent: ((event: ConnectionEvent) => void) | undefined;
  readonly #transport: ClientTransport;
  readonly #address: string;
  readonly #timers: TimerQueue;
  readonly #calls = new Map<ClientCall, CarriedCall>();
  #closed = false;

  constructor(transport: ClientTransport, address: string, timers: TimerQueue) {
    this.#transport = transport;
    this.#address = address;
    this.#timers = timers;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get pendingCalls(): number {
    return this.#calls.size;
  }

  /** Calls waiting for room are the transport's (HTTP/2 queues streams itself): none here. */
  get queuedCalls(): number {
    return 0;
  }

  connectionStats(): ClosedTotals & { connections: number } {
    const traffic = this.#transport.traffic?.();
    return {
      connections: this.#transport.connected ? 1 : 0,
      bytesIn: traffic?.bytesIn ?? 0,
      bytesOut: traffic?.bytesOut ?? 0,
      flowControlStalls: 0,
    };
  }

  /** Something truthy while the transport takes calls (what `Client.connected` reads). */
  usableSession(): object | undefined {
    return this.#transport.connected ? this : undefined;
  }

  async ensureSession(): Promise<object> {
    await this.#transport.connect();
    return this;
  }

  /** Starts `call` (its request encoded in `payload`, a shared view) on the transport. */
  start(
    call: ClientCall,
    payload: Uint8Array,
    metadata: readonly MetadataEntry[],
    _owner: ClientCallOwner,
  ): void {
    const carried: CarriedCall = { handle: undefined };
    this.#calls.set(call, carried);
    call.owner = this;
    call.sent = true;
    const method = call.method;
    const timeoutMs =
      call.deadlineAt === 0 ? 0 : Math.max(1, Math.ceil(call.deadlineAt - this.#timers.now()));
    const sink = call instanceof ClientStreamCall ? this.#streamSink(call) : this.#unarySink(call);
    const info = call.info;
    if (info !== undefined && !method.requestStream) {
      info.requestBytes += payload.length;
      info.requestMessages++;
    }
    carried.handle = this.#transport.start(
      {
        path: method.path,
        requestStream: method.requestStream,
        responseStream: method.responseStream,
        metadata,
        timeoutMs,
        request: method.requestStream ? undefined : payload,
        compress: Number.isFinite(call.compressFrom) && payload.length >= call.compressFrom,
      },
      sink,
    );
    if (call instanceof ClientStreamCall && !call.settled) {
      call.adoptWindow(TRANSPORT_WINDOW);
      call.opened(this.#carrier(carried));
    }
  }

  /** The answer of a call without a response stream: one message, then its status. */
  #unarySink(call: ClientCall): TransportCallSink {
    let headers: readonly MetadataEntry[] = [];
    let response: Uint8Array | undefined;
    return {
      headers: (entries) => {
        headers = entries;
      },
      message: (payload) => {
        response = payload;
        countResponse(call, payload);
      },
      end: (error, trailers) => {
        if (!this.#forget(call)) return;
        if (error !== undefined) {
          call.settle(error);
          return;
        }
        const decoded = this.#decodeResponse(call, response);
        if (decoded instanceof RpcError) {
          call.settle(decoded);
          return;
        }
        call.onMetadata?.(toMetadata(headers), toMetadata(trailers));
        call.settle(undefined, decoded.response);
      },
    };
  }

  /**
   * The answer of a streaming call: headers, then the messages of a response stream into its
   * inbox (or the one response of a client stream), then its status.
   */
  #streamSink(call: ClientStreamCall): TransportCallSink {
    const responseStream = call.method.responseStream;
    let response: Uint8Array | undefined;
    return {
      headers: (entries) => {
        if (call.headers !== undefined) return;
        call.headers = toMetadata(entries);
        call.onHeaders?.(call.headers);
      },
      message: (payload) => {
        if (call.settled) return;
        countResponse(call, payload);
        if (responseStream) call.received(payload, payload.length);
        else response = payload;
      },
      end: (error, trailers) => {
        if (!this.#forget(call)) return;
        call.trailers = toMetadata(trailers);
        if (error !== undefined) {
          // The responses that arrived before the error are still delivered, first.
          call.settle(error, undefined, true);
          return;
        }
        let decoded: { readonly response: unknown } | undefined;
        if (!responseStream) {
          const outcome = this.#decodeResponse(call, response);
          if (outcome instanceof RpcError) {
            call.settle(outcome);
            return;
          }
          decoded = outcome;
        }
        call.onMetadata?.(call.headers ?? NO_METADATA, call.trailers);
        call.settle(undefined, decoded?.response);
      },
    };
  }

  /** The one response of a call, decoded; INTERNAL when it is missing or does not decode. */
  #decodeResponse(
    call: ClientCall,
    response: Uint8Array | undefined,
  ): { readonly response: unknown } | RpcError {
    if (response === undefined) {
      return new RpcError(
        Status.INTERNAL,
        `${this.#where(call)}: the server ended the call with OK but sent no response`,
      );
    }
    try {
      return { response: call.method.responseType.decode(response) };
    } catch (cause) {
      return new RpcError(
        Status.INTERNAL,
        `${this.#where(call)}: the response does not decode as its message: ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  /** How a stream's requests and taken responses reach the transport. */
  #carrier(carried: CarriedCall): StreamCarrier {
    return {
      sendData: (call, payload, written) => {
        const handle = carried.handle;
        if (handle === undefined || call.settled) {
          written();
          return true;
        }
        const info = call.info;
        if (info !== undefined) {
          info.requestBytes += payload.length;
          info.requestMessages++;
        }
        // The stream waits for `written` either way; the transport calls it only when it held
        // the message back.
        if (!handle.send(payload, written)) return false;
        written();
        return true;
      },
      peerAcceptsCompressed: () => false,
      sendEnd: () => carried.handle?.endRequests(),
      release: (retained) => carried.handle?.consumed(retained),
      sendWindow: () => {},
      cancel: (call, error) => this.cancel(call, error),
    };
  }

  /** Part of ClientCallOwner: the caller gave the call up. */
  cancel(call: ClientCall, error: Error): void {
    const carried = this.#calls.get(call);
    if (carried !== undefined && this.#forget(call)) {
      carried.handle?.cancel(
        error instanceof RpcError ? error : new RpcError(Status.CANCELLED, error.message),
      );
    }
    call.settle(error);
  }

  /** Part of ClientCallOwner: the call's deadline passed. */
  expire(call: ClientCall): void {
    call.timer = 0;
    const error = new RpcError(
      Status.DEADLINE_EXCEEDED,
      `${this.#where(call)}: deadline exceeded after ${call.timeoutMs} ms`,
    );
    this.cancel(call, error);
  }

  /** A call the Client still holds (never started here): nothing to do. */
  unqueue(call: ClientCall): void {
    clearDeadline(call, this.#timers);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new RpcError(Status.UNAVAILABLE, `${this.#address}: the client was closed`);
    for (const call of [...this.#calls.keys()]) this.cancel(call, reason);
    await this.#transport.close();
  }

  /** Forgets `call`; false when it was already over. */
  #forget(call: ClientCall): boolean {
    if (!this.#calls.delete(call)) return false;
    clearDeadline(call, this.#timers);
    return true;
  }

  #where(call: ClientCall): string {
    return `${call.method.path} on ${this.#address}`;
  }
}

/** Counts a response message in the call's intercepted sizes (what interceptors' end hooks see). */
function countResponse(call: ClientCall, payload: Uint8Array): void {
  const info = call.info;
  if (info !== undefined) {
    info.responseBytes += payload.length;
    info.responseMessages++;
  }
}
