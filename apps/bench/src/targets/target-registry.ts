import type { EchoClientFactory, EchoServerFactory } from './echo-target.js';

/** A target the harness can run: loaders for its server and client entries. */
export interface ReadyBenchTarget {
  readonly kind: 'ready';
  /** Short name used on the command line (`--targets raw,grpc-js`) and in results. */
  readonly name: string;
  /** One-line description shown in reports. */
  readonly description: string;
  /** Loads the server entry; called in the server child process only. */
  loadServer(): Promise<EchoServerFactory>;
  /** Loads the client entry; called in the client child process only. */
  loadClient(): Promise<EchoClientFactory>;
  /** Runs only when `--targets` names it: not in the modes' default list (their time budget). */
  readonly optIn?: true;
}

/** A target named in the plan whose implementation has not landed yet; runs skip it with `note`. */
export interface PlannedBenchTarget {
  readonly kind: 'planned';
  readonly name: string;
  readonly description: string;
  /** Why the target is skipped, printed in the run and in the summary. */
  readonly note: string;
}

/** A registry entry: ready to run, or planned and skipped with a note. */
export type BenchTarget = ReadyBenchTarget | PlannedBenchTarget;

/** Name of the raw node:net framed echo: the ceiling every other target is compared with. */
export const LIMIT_TARGET = 'raw';
/** Name of the @grpc/grpc-js target: the incumbent every other target is compared with. */
export const GRPC_TARGET = 'grpc-js';
/** Name of the yrpc target: @yrpc/rpc Server and Client, what the project's goals are about. */
export const YRPC_TARGET = 'yrpc';
/** Name of the yrpc target with one no-op server and one no-op client interceptor. */
export const YRPC_INTERCEPTORS_TARGET = 'yrpc-interceptors';
/** Name of the yrpc target whose Echo codecs are the protobufjs `Type`s (no message conversion). */
export const YRPC_UNCONVERTED_TARGET = 'yrpc-unconverted';
/** Name of the yrpc target traced by @yrpc/otel's interceptors into a discarding tracer provider. */
export const YRPC_TRACED_TARGET = 'yrpc-traced';
/** Name of the yrpc target served by @yrpc/cluster on 2 worker processes (run it on 2 connections). */
export const YRPC_CLUSTER_TARGET = 'yrpc-cluster';
/** Name of the yrpc target whose client is a round_robin ClientPool over 3 servers. */
export const YRPC_ROUND_ROBIN_TARGET = 'yrpc-round-robin';

/** Name of the target whose grpc-js client calls the yrpc server over gRPC (`@yrpc/http`). */
export const GRPC_JS_TO_YRPC_TARGET = 'grpc-js-to-yrpc';
/** Name of the target whose yrpc client speaks gRPC (`@yrpc/http`) to the grpc-js server. */
export const YRPC_GRPC_CLIENT_TARGET = 'yrpc-grpc-client';
/** Name of the yrpc target whose server also serves gRPC, gRPC-Web and Connect on its port. */
export const YRPC_DETECTING_TARGET = 'yrpc-detecting';

/**
 * Every target the harness knows, in report order. Loaders use dynamic imports so a child process
 * loads only the code (and dependencies) of the one target it runs.
 */
export const BENCH_TARGETS: readonly BenchTarget[] = [
  {
    kind: 'ready',
    name: YRPC_TARGET,
    description: 'yrpc unary echo (@yrpc/rpc Server and Client, callback style)',
    loadServer: async () => (await import('./yrpc/yrpc-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-client.js')).connectEchoClient,
  },
  {
    kind: 'ready',
    name: YRPC_INTERCEPTORS_TARGET,
    description: 'the yrpc echo with one no-op server interceptor and one no-op client interceptor',
    loadServer: async () => (await import('./yrpc/yrpc-interceptors-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-interceptors-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: YRPC_UNCONVERTED_TARGET,
    description:
      'the yrpc echo with the protobufjs Types as Echo codecs (no message conversion, as before it)',
    loadServer: async () => (await import('./yrpc/yrpc-unconverted-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-unconverted-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: YRPC_TRACED_TARGET,
    description:
      "the yrpc echo traced by @yrpc/otel's server and client interceptors (a real tracer provider, spans discarded)",
    loadServer: async () => (await import('./yrpc/yrpc-traced-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-traced-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: YRPC_CLUSTER_TARGET,
    description:
      'the yrpc echo served by @yrpc/cluster on 2 worker processes sharing one port (the yrpc client; one connection reaches one worker: run it with --connections 2)',
    loadServer: async () => (await import('./yrpc/yrpc-cluster-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: YRPC_ROUND_ROBIN_TARGET,
    description:
      'the yrpc echo on 3 servers (127.0.0.1, .2, .3, one port), each client connection a round_robin ClientPool over them',
    loadServer: async () => (await import('./yrpc/yrpc-round-robin-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-round-robin-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: GRPC_JS_TO_YRPC_TARGET,
    description:
      'the grpc-js client of the grpc-js target calling the yrpc echo server over gRPC (@yrpc/http on the yrpc port)',
    loadServer: async () => (await import('./yrpc/yrpc-http-server.js')).startEchoServer,
    loadClient: async () => (await import('./grpc-js/grpc-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: YRPC_GRPC_CLIENT_TARGET,
    description:
      'the yrpc client in gRPC mode (grpcTransport from @yrpc/http) calling the grpc-js echo server',
    loadServer: async () => (await import('./grpc-js/grpc-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-grpc-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: YRPC_DETECTING_TARGET,
    description:
      'the yrpc echo on a server that also serves gRPC, gRPC-Web and Connect (each connection told apart by its first bytes)',
    loadServer: async () => (await import('./yrpc/yrpc-http-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc/yrpc-client.js')).connectEchoClient,
    optIn: true,
  },
  {
    kind: 'ready',
    name: 'net',
    description: 'framed echo over @yrpc/net Connection (raw wire format, callback style)',
    loadServer: async () => (await import('./net/net-server.js')).startEchoServer,
    loadClient: async () => (await import('./net/net-client.js')).connectEchoClient,
  },
  {
    kind: 'ready',
    name: LIMIT_TARGET,
    description: 'hand-written node:net framed echo with coalesced writes (the limit)',
    loadServer: async () => (await import('./raw/raw-server.js')).startEchoServer,
    loadClient: async () => (await import('./raw/raw-client.js')).connectEchoClient,
  },
  {
    kind: 'ready',
    name: GRPC_TARGET,
    description: '@grpc/grpc-js unary Echo with @grpc/proto-loader, insecure, loopback',
    loadServer: async () => (await import('./grpc-js/grpc-server.js')).startEchoServer,
    loadClient: async () => (await import('./grpc-js/grpc-client.js')).connectEchoClient,
  },
];

/** Names of all registered targets, ready or planned. */
export const TARGET_NAMES: readonly string[] = BENCH_TARGETS.map((target) => target.name);

/** Names of the targets a mode runs when `--targets` is not given: all but the opt-in ones. */
export const DEFAULT_TARGET_NAMES: readonly string[] = BENCH_TARGETS.filter(
  (target) => target.kind !== 'ready' || target.optIn !== true,
).map((target) => target.name);

/** The registry entry called `name`, or `undefined` when no target has that name. */
export function findTarget(name: string): BenchTarget | undefined {
  return BENCH_TARGETS.find((target) => target.name === name);
}

/** The ready target called `name`; throws when it is unknown or still planned. */
export function requireReadyTarget(name: string): ReadyBenchTarget {
  const target = findTarget(name);
  if (target === undefined) {
    throw new Error(`unknown bench target "${name}" (known: ${TARGET_NAMES.join(', ')})`);
  }
  if (target.kind !== 'ready')
    throw new Error(`bench target "${name}" is not ready: ${target.note}`);
  return target;
}
