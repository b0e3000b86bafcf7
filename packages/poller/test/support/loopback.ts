import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, connect as tlsConnect } from 'node:tls';

/** Everything a test opened, closed in afterEach. */
export class Loopback {
  private readonly servers: Server[] = [];
  private readonly sockets: Socket[] = [];

  /** A TCP server on 127.0.0.1, port 0, already listening. */
  async server(): Promise<Server> {
    const server = createServer();
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** A TLS server on 127.0.0.1 with the test certificate, already listening. */
  async tlsServer(): Promise<Server> {
    const fixtures = new URL('../fixtures/', import.meta.url);
    const server = createTlsServer({
      key: readFileSync(new URL('localhost-key.pem', fixtures)),
      cert: readFileSync(new URL('localhost-cert.pem', fixtures)),
    });
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** A client socket connecting to `server` (not yet connected when returned). */
  client(server: Server): Socket {
    const socket = connect(portOf(server), '127.0.0.1');
    socket.on('error', () => {});
    this.sockets.push(socket);
    return socket;
  }

  /** A TLS client trusting the test certificate. */
  tlsClient(server: Server): TLSSocket {
    const ca = readFileSync(new URL('../fixtures/localhost-cert.pem', import.meta.url));
    const socket = tlsConnect({
      port: portOf(server),
      host: '127.0.0.1',
      ca,
      servername: 'localhost',
    });
    socket.on('error', () => {});
    this.sockets.push(socket);
    return socket;
  }

  /** A connected pair: the client socket and the server's side of it. */
  async pair(): Promise<{ client: Socket; peer: Socket; server: Server }> {
    const server = await this.server();
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const client = this.client(server);
    const peer = await accepted;
    this.sockets.push(peer);
    await new Promise<void>((resolve) =>
      client.pending ? client.once('connect', resolve) : resolve(),
    );
    return { client, peer, server };
  }

  /** Remembers a socket made elsewhere, to close it with the rest. */
  track(socket: Socket): Socket {
    this.sockets.push(socket);
    return socket;
  }

  /** Destroys every socket and closes every server. */
  async close(): Promise<void> {
    for (const socket of this.sockets.splice(0)) socket.destroy();
    await Promise.all(
      this.servers
        .splice(0)
        .map(
          (server) =>
            new Promise<void>((resolve) =>
              server.listening ? server.close(() => resolve()) : resolve(),
            ),
        ),
    );
  }
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not on TCP');
  return address.port;
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `check()` is true (polled every few ms, at most `ms`). */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await delay(2);
  }
}
