import { connect, createServer, type Server, type Socket } from 'node:net';

/** A connected loopback TCP socket pair and the server that accepted it; close() ends all. */
export interface TcpPair {
  readonly client: Socket;
  readonly server: Socket;
  close(): Promise<void>;
}

/** Opens one loopback TCP connection (port 0) and returns both ends. */
export async function tcpPair(): Promise<TcpPair> {
  const listener: Server = createServer({ allowHalfOpen: true });
  const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const client = connect({ host: '127.0.0.1', port: address.port, allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const server = await accepted;
  return {
    client,
    server,
    close: async () => {
      client.destroy();
      server.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
