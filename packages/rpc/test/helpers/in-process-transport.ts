import {
  type CallGateway,
  type ClientTransport,
  type GatewayCall,
  RpcError,
  type ServerProtocol,
  type ServerProtocolFactory,
  Status,
  type TransportCall,
} from '../../src/index.js';

/**
 * A real transport between a Client and a Server in one process, for the client extension
 * point's tests: the Client's calls go straight into the Server's CallGateway (the server's
 * extension point), their answers straight back. The server protocol it needs claims no
 * connection; it only hands out the gateway.
 */
export function inProcessTransport(): {
  readonly protocol: ServerProtocolFactory;
  readonly transport: () => ClientTransport;
} {
  let gateway: CallGateway | undefined;
  const protocol: ServerProtocolFactory = (made) => {
    gateway = made;
    return silentProtocol;
  };
  const transport = (): ClientTransport => {
    let closed = false;
    return {
      connected: true,
      connect: async () => {},
      close: async () => {
        closed = true;
      },
      start(init, sink): TransportCall {
        if (gateway === undefined || closed) {
          sink.end(new RpcError(Status.UNAVAILABLE, 'no server in this process'), []);
          return { send: () => true, endRequests() {}, cancel() {}, consumed() {} };
        }
        const calls = gateway.open('in-process');
        let ended = false;
        const call: GatewayCall = calls.start(
          {
            path: init.path,
            metadata: init.metadata,
            timeoutMs: init.timeoutMs,
            // Copies: the client's views are into shared buffers.
            request: init.request === undefined ? undefined : init.request.slice(),
          },
          {
            headers: (entries) => sink.headers(entries),
            message: (payload) => {
              sink.message(payload.slice());
              return true;
            },
            end: (error, trailers) => {
              ended = true;
              sink.end(error, trailers);
            },
            consumed: () => {},
          },
        );
        return {
          send: (payload) => {
            call.receive(payload.slice());
            return true;
          },
          endRequests: () => call.endRequests(),
          cancel: (reason) => {
            if (!ended) call.cancel(reason.code === Status.DEADLINE_EXCEEDED);
          },
          consumed: () => {},
        };
      },
    };
  };
  return { protocol, transport };
}

const silentProtocol: ServerProtocol = {
  name: 'in-process',
  alpn: [],
  detect: () => false,
  accept: (socket) => socket.destroy(),
  drain() {},
  callsInFlight: 0,
  connections: 0,
  close: async () => {},
};
