import type { CallGateway, GatewayMethod } from '@yrpc/rpc';
import type { ConnectCodec } from './connect-codec.js';
import type { ResolvedConnectOptions } from './connect-options.js';

/**
 * What the Connect handler settles for one call before it runs, unary or streaming alike: the
 * method the path names, the codec its content type asks for, and the response's content type.
 */
export interface ConnectCallSetup {
  /** The server's services, and their message size limit. */
  readonly gateway: CallGateway;
  readonly method: GatewayMethod;
  readonly codec: ConnectCodec;
  /** The response's `content-type` (the request's kind and codec). */
  readonly contentType: string;
  readonly options: ResolvedConnectOptions;
}
