import { Server } from '@yrpc/rpc';
import type { EchoServerFactory } from '../echo-target.js';
import { loadYrpcEcho } from './yrpc-echo-service.js';

/** Starts a @yrpc/rpc Server whose Echo handler is a plain function returning the request. */
export const startEchoServer: EchoServerFactory = async ({ host, port }) => {
  const { service } = loadYrpcEcho();
  const server = new Server().addService(service, { Echo: (request) => request });
  const bound = await server.listen({ host, port });
  return { port: bound.port ?? port, close: () => server.close() };
};
