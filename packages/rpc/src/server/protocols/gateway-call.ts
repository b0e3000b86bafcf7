import type { MetadataEntry } from '@yrpc/protocol';
import type { MethodDefinition } from '../../service/method-definition.js';
import { ServerCall } from '../server-call.js';
import type { StreamOutput } from '../server-stream.js';
import type { GatewayCall, GatewayCallInit, GatewayCallSink } from './call-gateway.js';
import type { GatewaySession } from './gateway-session.js';

const NO_ENTRIES: readonly MetadataEntry[] = [];
const NO_KEY = new Uint8Array(0);

/**
 * A call started through the gateway: a {@link ServerCall} with the protocol's side of it, and
 * the output its stream writes through (to the sink).
 */
export class GatewayServerCall extends ServerCall implements StreamOutput {
  readonly sink: GatewayCallSink;
  /** Request bytes received and not yet taken by the handler. */
  unconsumedBytes = 0;
  /** Compression is the other protocol's (it negotiates its own): rpc compresses nothing. */
  readonly compressFrom = Number.POSITIVE_INFINITY;

  constructor(
    id: number,
    definition: MethodDefinition,
    peer: string,
    init: GatewayCallInit,
    sink: GatewayCallSink,
  ) {
    const deadline = init.timeoutMs > 0 ? Date.now() + init.timeoutMs : undefined;
    super(id, definition.path, peer, init.metadata, deadline, NO_KEY);
    this.sink = sink;
  }

  writeStreamHeaders(): void {
    sendHeaders(this);
  }

  writeStreamData(_call: ServerCall, payload: Uint8Array, written: () => void): boolean {
    return this.sink.message(payload, written);
  }

  /** The handler took a request message of `retained` bytes (what `received` was told). */
  release(retained: number): void {
    this.unconsumedBytes -= retained;
    this.sink.consumed(retained);
  }

  /** The window is the protocol's (see OPEN_WINDOW): nothing to announce. */
  writeStreamWindow(): void {}
}

/** What the protocol holds of a call it started: how it drives it. */
export class GatewayCallHandle implements GatewayCall {
  readonly #call: GatewayServerCall;
  readonly #session: GatewaySession;

  constructor(call: GatewayServerCall, session: GatewaySession) {
    this.#call = call;
    this.#session = session;
  }

  receive(payload: Uint8Array): void {
    const call = this.#call;
    const stream = call.stream;
    if (call.finished || stream === undefined || !stream.requestStream) return;
    call.requestBytes += payload.length;
    call.requestMessages++;
    call.unconsumedBytes += payload.length;
    stream.received(payload, payload.length);
  }

  endRequests(): void {
    const call = this.#call;
    if (!call.finished) call.stream?.requestsEnded();
  }

  cancel(deadline?: boolean): void {
    this.#session.abandon(this.#call, deadline === true);
  }

  get unconsumedBytes(): number {
    return this.#call.unconsumedBytes;
  }
}

/** Sends the handler's response headers through the sink, once, before anything else. */
export function sendHeaders(call: GatewayServerCall): void {
  if (call.headersSent) return;
  call.headersSent = true;
  call.sink.headers(call.headers ?? NO_ENTRIES);
}
