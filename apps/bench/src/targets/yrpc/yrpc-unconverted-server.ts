import type { EchoServerFactory } from '../echo-target.js';
import { loadUnconvertedYrpcEcho } from './yrpc-echo-service.js';
import { yrpcEchoServer } from './yrpc-server.js';

/**
 * The yrpc echo server (same code path, default options) serving an Echo method whose codecs are
 * the protobufjs reflection `Type`s: what a call cost before message conversion.
 */
export const startEchoServer: EchoServerFactory = yrpcEchoServer({}, loadUnconvertedYrpcEcho);
