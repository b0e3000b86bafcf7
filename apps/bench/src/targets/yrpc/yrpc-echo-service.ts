import { fileURLToPath } from 'node:url';
import { loadProtoSync, type MethodDefinition, type ServiceDefinition } from '@yrpc/rpc';

/** apps/bench/proto/echo.proto; src/ and dist/ sit at the same depth, so this works from both. */
const ECHO_PROTO_PATH = fileURLToPath(new URL('../../../proto/echo.proto', import.meta.url));

/** `yrpc.bench.Echo` loaded at run time through protobufjs reflection, and its one method. */
export function loadYrpcEcho(): { service: ServiceDefinition; echo: MethodDefinition } {
  const service = loadProtoSync(ECHO_PROTO_PATH).service('yrpc.bench.Echo');
  const echo = service.methods.get('Echo');
  if (echo === undefined) throw new Error('yrpc.bench.Echo has no Echo method');
  return { service, echo };
}
