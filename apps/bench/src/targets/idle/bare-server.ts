import { createServer, type Socket } from 'node:net';
import type { IdleServerFactory } from './idle-targets.js';

/**
 * The baseline: a plain `node:net` server that accepts sockets and holds them, with no listener
 * but one for errors (a socket reads into its stream buffer; the client sends nothing).
 */
export const startIdleServer: IdleServerFactory = ({ host, port }) =>
  new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('close', () => sockets.delete(socket));
    });
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the bare server did not bind a TCP port'));
        return;
      }
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      });
    });
  });
