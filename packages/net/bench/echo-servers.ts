import { createServer, type Socket } from 'node:net';
import { Interest, type Poller, type Registration } from '@yrpc/poller';
import type * as NetModule from '../src/index.js';
import type { Connection, Operation } from '../src/index.js';
import { HEADER_SIZE, type Variant } from './echo-protocol.js';

/** @yrpc/net as built from some commit: the current sources, or a baseline (`--baseline`). */
export type Net = typeof NetModule;

export interface EchoServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the echo server of `variant` on 127.0.0.1, port 0; `net` for all but `raw`. */
export function startEchoServer(variant: Variant, net: Net | undefined): Promise<EchoServer> {
  if (variant === 'raw') return startRawServer();
  if (net === undefined) throw new Error(`variant ${variant} needs @yrpc/net`);
  if (variant === 'epoll') return startEpollServer(net);
  if (variant === 'callback') return startCallbackServer(net);
  if (variant === 'per-frame') return startCoroutineServer(net, echoPerFrame);
  if (variant === 'poller-wait') return startCoroutineServer(net, (c) => echoThroughPoller(net, c));
  return startCoroutineServer(net, echo);
}

/**
 * The limit: node:net with frames parsed from each chunk and every complete frame of a chunk
 * copied into one reply buffer, written once per data event.
 */
async function startRawServer(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let rest: Buffer | undefined;
    socket.on('data', (chunk: Buffer) => {
      const bytes = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
      let end = 0;
      while (bytes.length - end >= HEADER_SIZE) {
        const total = HEADER_SIZE + bytes.readUInt32BE(end);
        if (bytes.length - end < total) break;
        end += total;
      }
      rest = end === bytes.length ? undefined : bytes.subarray(end);
      if (end === 0) return;
      const reply = Buffer.allocUnsafe(end);
      bytes.copy(reply, 0, 0, end);
      if (!socket.write(reply)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Callback style (`onReadable`, as apps/bench's net target): frames echoed in the data event. */
async function startCallbackServer(net: Net): Promise<EchoServer> {
  const listener = await net.Listener.listen({ port: 0 }, (connection) => {
    connection.onReadable(echoBuffered);
  });
  return { port: listener.port as number, close: () => listener.stop(200) };
}

/** One coroutine per connection (`listener.serve`) running `handler`. */
async function startCoroutineServer(
  net: Net,
  handler: (connection: Connection) => Operation<void>,
): Promise<EchoServer> {
  const listener = await net.Listener.listen({ port: 0 });
  const task = net.run(() => listener.serve(handler));
  return {
    port: listener.port as number,
    close: async () => {
      await listener.stop(200);
      await task;
    },
  };
}

/**
 * Echoes every whole frame buffered (copied into the output: one socket write per flush), then
 * waits with `read(need)` for the rest of the next one: one wait per wake-up.
 */
function* echo(connection: Connection): Operation<void> {
  for (;;) {
    const need = echoBuffered(connection);
    if (!(yield* connection.read(need))) return;
  }
}

/**
 * Echoes every whole frame in the input, as raw does: one copy of their span into the output.
 * Returns how many bytes the next frame needs.
 */
function echoBuffered(connection: Connection): number {
  const input = connection.input;
  const unread = input.readableBytes;
  let end = 0;
  let need = HEADER_SIZE;
  while (unread - end >= HEADER_SIZE) {
    const total = HEADER_SIZE + input.peekU32(end);
    if (unread - end < total) {
      need = total;
      break;
    }
    end += total;
  }
  if (end > 0) connection.write(input.readView(end));
  return need;
}

/** The README's style: `read(min)` for each header and each frame, two reads per frame. */
function* echoPerFrame(connection: Connection): Operation<void> {
  const input = connection.input;
  while (yield* connection.read(HEADER_SIZE)) {
    const total = HEADER_SIZE + input.peekU32();
    if (!(yield* connection.read(total))) return;
    connection.write(input.readView(total));
  }
}

/**
 * {@link echo} with every read waiting in the runtime's `Poller.wait`, on a registration made
 * once per connection, with `expectInput(min)` as the readiness threshold: what routing
 * `read(min)` through the Poller costs.
 */
function* echoThroughPoller(net: Net, connection: Connection): Operation<void> {
  const poller = net.currentRuntime().poller;
  const registration = poller.register(connection, Interest.Readable);
  const wanted = Interest.Readable | Interest.Closed;
  // read(min), with the wait in Poller.wait.
  function* read(min: number): Operation<boolean> {
    while (connection.input.readableBytes < min) {
      if (connection.ended || connection.state === 'closed') return false;
      connection.expectInput(min);
      yield* poller.wait(registration, wanted);
    }
    return true;
  }
  try {
    for (;;) {
      const need = echoBuffered(connection);
      if (!(yield* read(need))) return;
    }
  } finally {
    registration.deregister();
  }
}

/** One coroutine serves the listener and every connection through `poller.poll`. */
async function startEpollServer(net: Net): Promise<EchoServer> {
  const listener = await net.Listener.listen({ port: 0 });
  const task = net.run(function* (): Operation<void> {
    const poller: Poller = net.currentRuntime().poller;
    poller.register(listener, Interest.Accept, listener);
    while (poller.size > 0) {
      for (const event of yield* poller.poll(256)) serveEvent(poller, listener, event);
    }
  });
  return {
    port: listener.port as number,
    close: async () => {
      await listener.stop(200);
      await task;
    },
  };
}

function serveEvent(
  poller: Poller,
  listener: NetModule.Listener,
  event: { registration: Registration; readiness: number },
): void {
  const { registration, readiness } = event;
  if (registration.token === listener) {
    if (readiness & Interest.Closed) registration.deregister();
    else {
      for (let c = listener.tryAccept(); c !== undefined; c = listener.tryAccept()) {
        poller.register(c, Interest.Readable, c);
      }
    }
    return;
  }
  if (readiness & Interest.Closed) {
    registration.deregister();
    return;
  }
  const connection = registration.token as Connection;
  const input = connection.input;
  if (connection.writeShutDown) {
    // Closing (the listener stopped): nothing more is answered; wait for Closed.
    input.retrieveAll();
    registration.setInterests(0);
    return;
  }
  const need = echoBuffered(connection);
  if (connection.ended) {
    // A partial frame left at the end is dropped; only Closed is left to hear.
    connection.close();
    registration.setInterests(0);
  } else if (input.readableBytes > 0) {
    connection.expectInput(need); // not Readable again before the next frame is whole
  }
}
