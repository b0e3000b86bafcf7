import { httpProtocols } from '@yrpc/http';
import type { EchoServerFactory } from '../echo-target.js';
import { yrpcEchoServer } from './yrpc-server.js';

/**
 * The yrpc echo Server with gRPC, gRPC-Web and Connect on its port (`@yrpc/http`): each connection
 * is told apart by its first bytes. What a grpc-js client calls over gRPC (`grpc-js-to-yrpc`), and
 * what shows whether the detection costs the yrpc protocol anything (`yrpc-detecting`).
 */
export const startEchoServer: EchoServerFactory = yrpcEchoServer({ protocols: [httpProtocols()] });
