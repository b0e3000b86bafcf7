import { ClientPool } from '@yrpc/rpc';
import type { EchoClientFactory } from '../echo-target.js';
import { type YrpcEchoOpener, yrpcEchoClient } from './yrpc-client.js';
import { loadYrpcEcho } from './yrpc-echo-service.js';
import { ROUND_ROBIN_OTHER_HOSTS } from './yrpc-round-robin-server.js';

/**
 * A @yrpc/rpc ClientPool balancing `round_robin` over the three servers of the
 * `yrpc-round-robin` target (`static:///host:P,127.0.0.2:P,127.0.0.3:P`, one connection each),
 * default client options otherwise.
 */
export function roundRobinPool(endpoint: {
  readonly host: string;
  readonly port: number;
}): ClientPool {
  const addresses = [endpoint.host, ...ROUND_ROBIN_OTHER_HOSTS].map(
    (host) => `${host}:${endpoint.port}`,
  );
  return new ClientPool(`static:///${addresses.join(',')}`, { policy: 'round_robin' });
}

/** The pool, whose connect waits for every address (the pool's own waits for the first). */
const openPool: YrpcEchoOpener = (endpoint) => {
  const pool = roundRobinPool(endpoint);
  return {
    async connect(): Promise<void> {
      await pool.connect();
      await Promise.all(pool.clients.map((client) => client.connect()));
    },
    close: () => pool.close(),
    unaryCallback: (method, request, options, callback) =>
      pool.unaryCallback(method, request, options, callback),
  };
};

/**
 * One echo connection of the harness is one round-robin ClientPool over the three servers (three
 * TCP connections), making the `yrpc` target's callback-style unary Echo calls through it.
 */
export const connectEchoClient: EchoClientFactory = yrpcEchoClient({}, loadYrpcEcho, openPool);
