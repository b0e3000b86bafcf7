import { connect as netConnect, type Socket } from 'node:net';
import {
  ByteBuffer,
  decodeGoAwayMeta,
  decodeStatusMeta,
  type Frame,
  FrameDecoder,
  FrameEncoder,
  FrameFlag,
  FrameType,
  type GoAwayMeta,
  type StatusMeta,
} from '@yrpc/protocol';

// A peer that speaks the wire protocol (PROTOCOL.md) by hand over a raw loopback socket, for tests
// that need a client the project's Client would never be: one that does not read, half-closes,
// trickles bytes, breaks rules. Frames it sends are built with @yrpc/protocol's FrameEncoder where
// the encoder can build them; meta blocks that must break a rule, and the frame types today's
// encoder does not know (WINDOW_UPDATE), are built by hand from the spec below.

/** 1 MiB, the window a peer grants until its handshake says otherwise (PROTOCOL.md section 10). */
export const MiB = 1024 * 1024;
/** WINDOW_UPDATE (PROTOCOL.md section 3, 10); written by hand so as not to need the encoder's support. */
export const WINDOW_UPDATE = 0x0b;

const HEADER_SIZE = 16;
const MAGIC = 0x5952;
const VERSION = 1;

/** A frame as the peer received it: meta copied, payload copied only when asked. */
export interface ReceivedFrame {
  readonly type: number;
  readonly flags: number;
  readonly id: number;
  readonly meta: Uint8Array;
  readonly payloadLength: number;
  /** A copy of the payload, when the peer keeps payloads (`keepPayloads`). */
  readonly payload: Uint8Array | undefined;
  /** When it arrived, in ms since the peer connected. */
  readonly atMs: number;
}

/** Options of {@link RawPeer.connect}. */
export interface RawPeerOptions {
  /** Read the socket (default). `false`: never read a byte, like a stuck client. */
  readonly read?: boolean;
  /** Keep a copy of every payload (default false: lengths only, so big answers cost nothing). */
  readonly keepPayloads?: boolean;
}

const peers = new Set<RawPeer>();

/** Destroys every raw peer still open (for `afterEach`). */
export function destroyAllPeers(): void {
  for (const peer of peers) peer.destroy();
  peers.clear();
}

/** A raw socket speaking frames by hand, recording every frame the other side sends. */
export class RawPeer {
  readonly socket: Socket;
  readonly frames: ReceivedFrame[] = [];
  readonly connectedAt: number;
  #closedAt: number | undefined;
  #ended = false;
  #error: Error | undefined;
  #decodeError: Error | undefined;
  readonly #encoder = new FrameEncoder();
  readonly #decoder = new FrameDecoder();
  readonly #keepPayloads: boolean;

  private constructor(socket: Socket, options: RawPeerOptions) {
    this.socket = socket;
    this.connectedAt = Date.now();
    this.#keepPayloads = options.keepPayloads ?? false;
    socket.on('error', (error) => {
      this.#error = error;
    });
    socket.on('close', () => {
      this.#closedAt = Date.now();
    });
    socket.on('end', () => {
      this.#ended = true;
    });
    if (options.read ?? true) socket.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  /** Connects to `127.0.0.1:port`. */
  static async connect(port: number, options: RawPeerOptions = {}): Promise<RawPeer> {
    const socket = netConnect({ host: '127.0.0.1', port });
    const peer = new RawPeer(socket, options);
    peers.add(peer);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    return peer;
  }

  #receive(chunk: Buffer): void {
    if (this.#decodeError !== undefined) return;
    try {
      this.#decoder.push(chunk);
      for (let frame = this.#decoder.next(); frame !== undefined; frame = this.#decoder.next()) {
        this.frames.push(this.#record(frame));
      }
    } catch (error) {
      // What the other side sent does not parse: say so in the test's failure, stop reading.
      this.#decodeError = error as Error;
      this.socket.destroy();
    }
  }

  #record(frame: Frame): ReceivedFrame {
    return {
      type: frame.type,
      flags: frame.flags,
      id: frame.id,
      // A copy (not slice(): on a Buffer that is a view into bytes the decoder reuses).
      meta: new Uint8Array(frame.meta),
      payloadLength: frame.payloadLength,
      payload: this.#keepPayloads ? frame.copyPayload() : undefined,
      atMs: Date.now() - this.connectedAt,
    };
  }

  /** Whether the socket has closed (the other side closed it, or it broke). */
  get closed(): boolean {
    return this.#closedAt !== undefined;
  }

  /** When the socket closed, in ms since the peer connected. */
  get closedAtMs(): number | undefined {
    return this.#closedAt === undefined ? undefined : this.#closedAt - this.connectedAt;
  }

  /** Whether the other side ended its write direction (only seen by a reading peer). */
  get ended(): boolean {
    return this.#ended;
  }

  /** The socket error, if any (ECONNRESET when the other side reset the connection). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Set when what the other side sent did not parse as frames. */
  get decodeError(): Error | undefined {
    return this.#decodeError;
  }

  /** Writes frames made by `write` with the peer's encoder, in one socket write. */
  send(write: (encoder: FrameEncoder, out: ByteBuffer) => void): void {
    const out = new ByteBuffer();
    write(this.#encoder, out);
    this.socket.write(out.take());
  }

  /** Writes bytes as they are. */
  sendBytes(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** A unary REQUEST (END_STREAM) for `method` (`pkg.Service/Method`) with a protobuf payload. */
  request(id: number, method: string, payload: Uint8Array, timeoutMs = 0): void {
    this.send((encoder, out) => encoder.writeRequest(out, id, { method, timeoutMs }, payload));
  }

  /** A HANDSHAKE granting these windows (fields 7 and 8, encoded by hand). */
  handshake(windows: { connectionWindow?: number; streamWindow?: number } = {}): void {
    this.sendBytes(
      frameBytes(FrameType.HANDSHAKE, 0, 0, handshakeMeta({ version: 1, ...windows })),
    );
  }

  /** A WINDOW_UPDATE for the connection (id 0) or a call. */
  windowUpdate(id: number, increment: number): void {
    const payload = new Uint8Array(4);
    new DataView(payload.buffer).setUint32(0, increment >>> 0);
    this.sendBytes(frameBytes(WINDOW_UPDATE, 0, id, new Uint8Array(0), payload));
  }

  /** Ends the write direction (TCP FIN); reading goes on. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
    peers.delete(this);
  }

  /** Frames of one type. */
  framesOf(type: number): ReceivedFrame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** The GOAWAY frames received, decoded. */
  goAways(): (GoAwayMeta & { readonly id: number; readonly atMs: number })[] {
    return this.framesOf(FrameType.GOAWAY).map((frame) => ({
      ...decodeGoAwayMeta(frame.meta, 0, frame.meta.length),
      id: frame.id,
      atMs: frame.atMs,
    }));
  }

  /** The answer (RESPONSE or ERROR) to call `id`, if it came. */
  answer(id: number): ReceivedFrame | undefined {
    return this.frames.find(
      (frame) =>
        frame.id === id && (frame.type === FrameType.RESPONSE || frame.type === FrameType.ERROR),
    );
  }

  /** Polls until `condition` holds; fails naming `what` and what was received otherwise. */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    const start = Date.now();
    while (!condition()) {
      if (this.#decodeError !== undefined) {
        throw new Error(`waiting for ${what}: ${this.#decodeError.message}`);
      }
      if (Date.now() - start > timeoutMs) {
        throw new Error(`no ${what} within ${timeoutMs} ms; received: ${this.describe()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** What the peer received, as people read it (for failure messages). */
  describe(): string {
    const frames = this.frames.map((frame) => describeFrame(frame));
    const shown =
      frames.length > 12 ? [...frames.slice(0, 12), `… ${frames.length} in all`] : frames;
    return `[${shown.join(', ')}]${this.closed ? ' then close' : ''}`;
  }
}

/** A frame as people read it: `ERROR#3(3: message)`. */
export function describeFrame(frame: ReceivedFrame): string {
  const names: Record<number, string> = {
    1: 'HANDSHAKE',
    2: 'REQUEST',
    3: 'RESPONSE',
    4: 'ERROR',
    5: 'CANCEL',
    6: 'PING',
    7: 'PONG',
    8: 'GOAWAY',
    9: 'STREAM_DATA',
    10: 'STREAM_END',
    11: 'WINDOW_UPDATE',
  };
  const name = names[frame.type] ?? `0x${frame.type.toString(16)}`;
  if (frame.type === FrameType.ERROR) {
    const status = statusOf(frame);
    return `${name}#${frame.id}(${status.code}: ${status.message.slice(0, 120)})`;
  }
  if (frame.type === FrameType.GOAWAY) {
    const meta = decodeGoAwayMeta(frame.meta, 0, frame.meta.length);
    return `${name}#${frame.id}(${meta.code}: ${meta.message.slice(0, 120)})`;
  }
  return `${name}#${frame.id}(${frame.payloadLength} B)`;
}

/** The status of an ERROR frame. */
export function statusOf(frame: ReceivedFrame): StatusMeta {
  return decodeStatusMeta(frame.meta, 0, frame.meta.length);
}

/** A whole frame, header written by hand from PROTOCOL.md section 2. */
export function frameBytes(
  type: number,
  flags: number,
  id: number,
  meta: Uint8Array = new Uint8Array(0),
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const bytes = new Uint8Array(HEADER_SIZE + meta.length + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, MAGIC);
  view.setUint8(2, VERSION);
  view.setUint8(3, type);
  view.setUint16(4, flags);
  view.setUint16(6, meta.length);
  view.setUint32(8, id >>> 0);
  view.setUint32(12, payload.length);
  bytes.set(meta, HEADER_SIZE);
  bytes.set(payload, HEADER_SIZE + meta.length);
  return bytes;
}

/** A REQUEST frame (END_STREAM) with a meta block given as bytes. */
export function requestWithMeta(id: number, meta: Uint8Array, payload?: Uint8Array): Uint8Array {
  return frameBytes(FrameType.REQUEST, FrameFlag.END_STREAM, id, meta, payload);
}

// ── Protobuf by hand: just what the meta blocks of these tests need ──

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

const utf8 = new TextEncoder();

/** A `RequestMeta` with any method and metadata, rules of section 5 not applied. */
export function requestMeta(meta: {
  readonly method: string;
  readonly timeoutMs?: number;
  readonly metadata?: readonly { readonly key: string; readonly value: string }[];
}): Uint8Array {
  const out = lengthDelimited(1, utf8.encode(meta.method));
  if (meta.timeoutMs !== undefined && meta.timeoutMs > 0) {
    out.push(...varint(2 << 3), ...varint(meta.timeoutMs));
  }
  for (const { key, value } of meta.metadata ?? []) {
    // Field 1 (key) is written even when empty, as a sender that breaks the rule would.
    const entry = new Uint8Array([
      ...lengthDelimited(1, utf8.encode(key)),
      ...lengthDelimited(2, utf8.encode(value)),
    ]);
    out.push(...lengthDelimited(4, entry));
  }
  return new Uint8Array(out);
}

/** A `HandshakeMeta` with the window fields 7 and 8 (PROTOCOL.md section 5). */
export function handshakeMeta(meta: {
  readonly version?: number;
  readonly connectionWindow?: number;
  readonly streamWindow?: number;
}): Uint8Array {
  const out: number[] = [];
  if (meta.version !== undefined) out.push(...varint(1 << 3), ...varint(meta.version));
  if (meta.connectionWindow !== undefined) {
    out.push(...varint(7 << 3), ...varint(meta.connectionWindow));
  }
  if (meta.streamWindow !== undefined) out.push(...varint(8 << 3), ...varint(meta.streamWindow));
  return new Uint8Array(out);
}
