import { fileURLToPath } from 'node:url';
import {
  defineService,
  loadProtoSync,
  type MethodDefinition,
  type ProtoRoot,
  type ServiceDefinition,
} from '@yrpc/rpc';

/** apps/bench/proto/echo.proto; src/ and dist/ sit at the same depth, so this works from both. */
const ECHO_PROTO_PATH = fileURLToPath(new URL('../../../proto/echo.proto', import.meta.url));

const ECHO_SERVICE = 'yrpc.bench.Echo';

/** The Echo service a yrpc echo server serves, and its one method, which the client calls. */
export interface YrpcEcho {
  readonly service: ServiceDefinition;
  readonly echo: MethodDefinition;
}

/**
 * What a yrpc echo target's server and client load the service with (in the child process that
 * runs it): {@link loadYrpcEcho}, or {@link loadUnconvertedYrpcEcho} for `yrpc-unconverted`.
 */
export type YrpcEchoLoader = () => YrpcEcho;

function echoOf(proto: ProtoRoot): YrpcEcho {
  const service = proto.service(ECHO_SERVICE);
  const echo = service.methods.get('Echo');
  if (echo === undefined) throw new Error(`${ECHO_SERVICE} has no Echo method`);
  return { service, echo };
}

/**
 * `yrpc.bench.Echo` loaded at run time through protobufjs reflection, and its one method: its
 * codecs check and convert what is encoded and decode into plain objects (message conversion).
 */
export function loadYrpcEcho(): YrpcEcho {
  return echoOf(loadProtoSync(ECHO_PROTO_PATH));
}

/**
 * `yrpc.bench.Echo` with the Echo method's codecs replaced by the protobufjs reflection `Type`s
 * themselves, what the rpc layer used before message conversion: `Type.encode` / `Type.decode`,
 * nothing checked, protobufjs message instances out. Built through the public API only (the
 * loaded method copied, `defineService`), for the `yrpc-unconverted` target.
 */
export function loadUnconvertedYrpcEcho(): YrpcEcho {
  const proto = loadProtoSync(ECHO_PROTO_PATH);
  const echo: MethodDefinition = {
    ...echoOf(proto).echo,
    requestType: proto.root.lookupType('yrpc.bench.EchoRequest'),
    responseType: proto.root.lookupType('yrpc.bench.EchoReply'),
  };
  return { service: defineService(ECHO_SERVICE, [echo]), echo };
}
