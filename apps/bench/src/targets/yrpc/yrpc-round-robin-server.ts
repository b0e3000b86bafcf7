import type { EchoServerFactory, EchoServerHandle } from '../echo-target.js';
import { startEchoServer as startYrpcEchoServer } from './yrpc-server.js';

/** The loopback addresses the two other servers listen on, at the first one's port. */
export const ROUND_ROBIN_OTHER_HOSTS: readonly string[] = ['127.0.0.2', '127.0.0.3'];

/**
 * Three yrpc echo servers (the `yrpc` target's, default options) in this process: the first on
 * the given host and port (the harness: 127.0.0.1, port 0), the others on 127.0.0.2 and
 * 127.0.0.3 at the port the first one got. `close` stops all three.
 */
export const startEchoServer: EchoServerFactory = async ({ host, port }) => {
  const first = await startYrpcEchoServer({ host, port });
  const servers: EchoServerHandle[] = [first];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    for (const other of ROUND_ROBIN_OTHER_HOSTS) {
      servers.push(await startYrpcEchoServer({ host: other, port: first.port }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { port: first.port, close };
};
