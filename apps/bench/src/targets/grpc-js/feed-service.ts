import { fileURLToPath } from 'node:url';
import {
  type GrpcObject,
  loadPackageDefinition,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** apps/bench/proto/echo.proto; src/ and dist/ sit at the same depth, so this works from both. */
const ECHO_PROTO_PATH = fileURLToPath(new URL('../../../proto/echo.proto', import.meta.url));

/** Wire shape of `yrpc.bench.FeedRequest` as proto-loader decodes it. */
export interface FeedRequest {
  size: number;
}

/** Wire shape of `yrpc.bench.FeedMessage` as proto-loader decodes it. */
export interface FeedMessage {
  payload: Buffer;
}

/** Loads echo.proto and returns the generated `yrpc.bench.Feed` client constructor. */
export function loadFeedService(): ServiceClientConstructor {
  const definition = loadSync(ECHO_PROTO_PATH, { keepCase: true, defaults: true });
  const grpcObject = loadPackageDefinition(definition);
  const benchPackage = (grpcObject.yrpc as GrpcObject).bench as GrpcObject;
  return benchPackage.Feed as ServiceClientConstructor;
}
