import { fileURLToPath } from 'node:url';
import {
  type GrpcObject,
  loadPackageDefinition,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** apps/bench/proto/echo.proto; src/ and dist/ sit at the same depth, so this works from both. */
const ECHO_PROTO_PATH = fileURLToPath(new URL('../../../proto/echo.proto', import.meta.url));

/** Wire shape of `yrpc.bench.EchoRequest` and `EchoReply` as proto-loader decodes them. */
export interface EchoMessage {
  payload: Buffer;
}

/** Loads echo.proto and returns the generated `yrpc.bench.Echo` client constructor. */
export function loadEchoService(): ServiceClientConstructor {
  const definition = loadSync(ECHO_PROTO_PATH, { keepCase: true, defaults: true });
  const grpcObject = loadPackageDefinition(definition);
  const benchPackage = (grpcObject.yrpc as GrpcObject).bench as GrpcObject;
  return benchPackage.Echo as ServiceClientConstructor;
}
