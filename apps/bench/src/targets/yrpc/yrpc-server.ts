import { Server, type ServerOptions } from '@yrpc/rpc';
import type { EchoServerFactory } from '../echo-target.js';
import { loadYrpcEcho, type YrpcEchoLoader } from './yrpc-echo-service.js';

/**
 * The yrpc echo Server, not listening yet: these Server options, the Echo service `load` gives,
 * and an Echo handler that is a plain function returning the request (also what each worker of
 * the `yrpc-cluster` target serves).
 */
export function buildEchoServer(
  options: ServerOptions = {},
  load: YrpcEchoLoader = loadYrpcEcho,
): Server {
  const { service } = load();
  return new Server(options).addService(service, { Echo: (request) => request });
}

/**
 * The yrpc echo server factory with these Server options (the `yrpc-interceptors` target gives
 * it interceptors) serving the Echo service `load` gives (the `yrpc-unconverted` target gives it
 * one without message conversion): a @yrpc/rpc Server whose Echo handler is a plain function
 * returning the request.
 */
export function yrpcEchoServer(
  options: ServerOptions = {},
  load: YrpcEchoLoader = loadYrpcEcho,
): EchoServerFactory {
  return async ({ host, port }) => {
    const server = buildEchoServer(options, load);
    const bound = await server.listen({ host, port });
    return { port: bound.port ?? port, close: () => server.close() };
  };
}

/** Starts a @yrpc/rpc Server with default options whose Echo handler returns the request. */
export const startEchoServer: EchoServerFactory = yrpcEchoServer();
