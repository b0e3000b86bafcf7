import {
  DEFAULT_WINDOW,
  decodeResponseMeta,
  decodeStatusMeta,
  type Frame,
  FrameFlag,
  type MetadataEntry,
  RpcError,
  Status,
  windowIncrement,
} from '@yrpc/protocol';
import type { Metadata } from '../call/call-context.js';
import type { ReadonlyCallTable } from '../call/call-table.js';
import type { FlowGate } from '../flow/flow-gate.js';
import { ownedBytes } from '../flow/message-writer.js';
import { ownedPayload } from '../flow/owned-payload.js';
import { writeStreamDataFrame } from '../flow/payload-placement.js';
import { statusError, toMetadata } from './client-answer-meta.js';
import type { ClientCall } from './client-call.js';
import type { ClientOutput, PendingRequest } from './client-session.js';
import { ClientStreamCall, type StreamCarrier } from './client-stream-call.js';

/** What the stream frames need of the session whose calls they carry. */
export interface StreamFramesSession {
  /** The session's connection, where the frames are written. */
  readonly output: ClientOutput;
  /** The session's gate: a stream's frames wait in it behind the requests queued before them. */
  readonly requests: FlowGate<PendingRequest>;
  /** Whether the server announced that it inflates gzip. */
  peerAcceptsCompressed(): boolean;
  /** The session's calls awaiting their answer, by request id. */
  readonly pending: ReadonlyCallTable<ClientCall>;
  /** Takes the call of `id` out of the pending calls (its deadline stops). */
  take(id: number): ClientCall | undefined;
  /** Fails `call` with `error` and tells the server to stop it. */
  cancel(call: ClientCall, error: Error): void;
  /** The call's method and the server's address, for error messages. */
  where(call: ClientCall): string;
}

/**
 * The frames of the streaming calls on one client connection, both ways: request messages and
 * half-closes go out through the session's gate, in order with its requests; stream credit goes
 * back with WINDOW_UPDATEs; the server's stream headers, messages, end and credit are handed to
 * the {@link ClientStreamCall} they belong to. Unary calls never reach this.
 */
export class ClientStreamFrames {
  readonly #session: StreamFramesSession;
  /** The per-call window the server grants: what a request stream may have outstanding. */
  #peerStreamWindow = DEFAULT_WINDOW;

  constructor(session: StreamFramesSession) {
    this.#session = session;
  }

  /** Adopts the stream window the server announced in its handshake, for every stream too. */
  peerAnnounced(peerStreamWindow: number): void {
    this.#peerStreamWindow = peerStreamWindow;
    for (const call of this.#session.pending.values()) {
      if (call instanceof ClientStreamCall) call.adoptWindow(this.#peerStreamWindow);
    }
  }

  /** `call`'s REQUEST was sent (or queued): its request messages may follow. */
  opened(call: ClientStreamCall): void {
    call.adoptWindow(this.#peerStreamWindow);
    call.opened(this.#carrier);
  }

  /** How the streams of this session put their frames on the wire. */
  readonly #carrier: StreamCarrier = {
    sendData: (call, payload, written, compressed = false) => {
      const requests = this.#session.requests;
      if (requests.pass(payload.length)) {
        this.writeData(call, payload, false, compressed);
        written();
        return true;
      }
      requests.queue({
        call,
        payload: ownedBytes(payload),
        metadata: NO_ENTRIES,
        part: 'data',
        written,
        compressed,
      });
      return false;
    },
    peerAcceptsCompressed: () => this.#session.peerAcceptsCompressed(),
    sendEnd: (call) => {
      const requests = this.#session.requests;
      if (requests.pass(0)) this.writeEnd(call);
      else requests.queue({ call, payload: NO_PAYLOAD, metadata: NO_ENTRIES, part: 'end' });
    },
    release: (retained) => this.#session.output.release(retained),
    sendWindow: (call, increment) => {
      if (this.#session.pending.get(call.id) === call) {
        this.#session.output.writeFrames((encoder, out) =>
          encoder.writeWindowUpdate(out, call.id, increment),
        );
      }
    },
    cancel: (call, error) => this.#session.cancel(call, error),
  };

  /**
   * Writes one STREAM_DATA of `call`; `owned`: nobody else writes to `payload`; `compressed`:
   * it is gzip.
   */
  writeData(call: ClientCall, payload: Uint8Array, owned: boolean, compressed = false): void {
    if (this.#session.pending.get(call.id) !== call) return;
    writeStreamDataFrame(this.#session.output, call.id, payload, owned, compressed);
    const info = call.info;
    if (info !== undefined) {
      info.requestBytes += payload.length;
      info.requestMessages++;
    }
  }

  /** Writes the half-close (STREAM_END) of `call`'s requests. */
  writeEnd(call: ClientCall): void {
    if (this.#session.pending.get(call.id) !== call) return;
    const id = call.id;
    this.#session.output.writeFrames((encoder, out) => encoder.writeStreamEnd(out, id));
  }

  /** The RESPONSE that opens a response stream: its headers. */
  headers(frame: Frame): void {
    const call = this.#session.pending.get(frame.id);
    if (!(call instanceof ClientStreamCall) || call.headers !== undefined) return;
    try {
      const meta = decodeResponseMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      call.headers = toMetadata(meta.metadata);
    } catch (error) {
      this.#session.cancel(
        call,
        new RpcError(
          Status.INTERNAL,
          `${this.#session.where(call)}: the server sent unreadable response headers: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return;
    }
    call.onHeaders?.(call.headers);
  }

  /** A STREAM_DATA from the server: a message of a response stream. */
  data(frame: Frame): void {
    const call = this.#session.pending.get(frame.id);
    if (call instanceof ClientStreamCall && call.method.responseStream) {
      const info = call.info;
      if (info !== undefined) {
        info.responseBytes += frame.payloadLength;
        info.responseMessages++;
      }
      // A compressed message is inflated when the caller takes it (the inbox holds it as is).
      const compressed = (frame.flags & FrameFlag.COMPRESSED) !== 0;
      call.received(ownedPayload(frame), this.#session.output.retain(), compressed);
    }
  }

  /** A WINDOW_UPDATE on a call: the server gave stream credit back. */
  windowUpdate(frame: Frame): void {
    const call = this.#session.pending.get(frame.id);
    if (call instanceof ClientStreamCall) call.grant(windowIncrement(frame));
  }

  /** The STREAM_END that closes a response stream: OK with trailers, or a failure. */
  end(frame: Frame): void {
    const call = this.#session.pending.get(frame.id);
    if (!(call instanceof ClientStreamCall)) return;
    this.#session.take(frame.id);
    let code: number;
    let message: string;
    let trailers: readonly MetadataEntry[];
    try {
      const status = decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      code = status.code;
      message = status.message;
      trailers = status.trailers;
    } catch (error) {
      call.settle(
        new RpcError(
          Status.INTERNAL,
          `${this.#session.where(call)}: the server ended the stream with an unreadable status: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return;
    }
    call.trailers = toMetadata(trailers);
    if (code === 0) {
      call.onMetadata?.(call.headers ?? NO_METADATA, call.trailers);
      call.settle(undefined);
      return;
    }
    call.settle(
      statusError(this.#session.where(call), code, message, { metadata: trailers }),
      undefined,
      true,
    );
  }
}

const NO_PAYLOAD = new Uint8Array(0);
const NO_ENTRIES: readonly MetadataEntry[] = [];
const NO_METADATA: Metadata = {};
