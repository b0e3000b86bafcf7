import type { EchoClientFactory } from '../echo-target.js';
import { yrpcEchoClient } from './yrpc-client.js';
import { loadUnconvertedYrpcEcho } from './yrpc-echo-service.js';

/**
 * The yrpc echo client (same code path, default options) calling an Echo method whose codecs are
 * the protobufjs reflection `Type`s: what a call cost before message conversion.
 */
export const connectEchoClient: EchoClientFactory = yrpcEchoClient({}, loadUnconvertedYrpcEcho);
