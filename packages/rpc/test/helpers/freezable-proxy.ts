import { createServer, connect as netConnect, type Socket } from 'node:net';

/** A loopback TCP proxy between a client and a server that a test can freeze or cut. */
export interface FreezableProxy {
  /** Where clients connect instead of the server. */
  readonly endpoint: { readonly host: string; readonly port: number };
  /** Connections passing through now. */
  readonly connections: number;
  /** Pauses every socket both ways: each peer sees the other go silent (no FIN, no RST). */
  freeze(): void;
  /** Destroys every connection passing through (both peers see the connection drop). */
  drop(): void;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1, any port, to `target`. */
export async function startProxy(target: {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
}): Promise<FreezableProxy> {
  const pairs = new Set<readonly [Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = netConnect(target.port ?? 0, target.host ?? '127.0.0.1');
    const pair = [client, upstream] as const;
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const drop = (): void => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    endpoint: { host: '127.0.0.1', port },
    get connections() {
      return pairs.size;
    },
    freeze() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    drop,
    async close() {
      drop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
