import { Server, type ServerOptions } from '@yrpc/rpc';
import type { EchoServerFactory } from '../echo-target.js';
import { loadYrpcEcho } from './yrpc-echo-service.js';

/**
 * The yrpc echo server factory with these Server options (the `yrpc-interceptors` target gives
 * it interceptors): a @yrpc/rpc Server whose Echo handler is a plain function returning the
 * request.
 */
export function yrpcEchoServer(options: ServerOptions = {}): EchoServerFactory {
  return async ({ host, port }) => {
    const { service } = loadYrpcEcho();
    const server = new Server(options).addService(service, { Echo: (request) => request });
    const bound = await server.listen({ host, port });
    return { port: bound.port ?? port, close: () => server.close() };
  };
}

/** Starts a @yrpc/rpc Server with default options whose Echo handler returns the request. */
export const startEchoServer: EchoServerFactory = yrpcEchoServer();
