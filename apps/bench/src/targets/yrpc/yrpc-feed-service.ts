import { fileURLToPath } from 'node:url';
import { loadProtoSync, type MethodShape, type ServiceDefinition } from '@yrpc/rpc';

/** apps/bench/proto/echo.proto; src/ and dist/ sit at the same depth, so this works from both. */
const ECHO_PROTO_PATH = fileURLToPath(new URL('../../../proto/echo.proto', import.meta.url));

/** The shape of `yrpc.bench.Feed`, typing the run-time loaded service. */
export interface FeedShape {
  readonly Subscribe: MethodShape<FeedRequest, FeedMessage> & { readonly kind: 'server-streaming' };
}

/** `yrpc.bench.Feed` (server-streaming `Subscribe`) loaded at run time through protobufjs. */
export function loadYrpcFeed(): ServiceDefinition<FeedShape> {
  const service = loadProtoSync(ECHO_PROTO_PATH).service<FeedShape>('yrpc.bench.Feed');
  if (!service.methods.has('Subscribe')) throw new Error('yrpc.bench.Feed has no Subscribe');
  return service;
}

/** `yrpc.bench.FeedRequest` as protobufjs decodes it. */
export interface FeedRequest {
  readonly size?: number;
}

/** `yrpc.bench.FeedMessage` as protobufjs decodes it. */
export interface FeedMessage {
  readonly payload?: Uint8Array;
}
