import { grpcTransport } from '@yrpc/http';
import type { EchoClientFactory } from '../echo-target.js';
import { yrpcEchoClient } from './yrpc-client.js';

/**
 * The yrpc echo client in gRPC mode (`transport: grpcTransport()` from `@yrpc/http`): one
 * @yrpc/rpc Client, one HTTP/2 connection, callback-style unary Echo calls. Run against the
 * grpc-js server (target `yrpc-grpc-client`) and compared with the grpc-js client.
 */
export const connectEchoClient: EchoClientFactory = yrpcEchoClient({ transport: grpcTransport() });
