import { BenchError } from '../bench-error.js';
import type { BenchConfiguration } from '../plan/bench-configuration.js';
import type { RoundTiming } from '../plan/bench-plan.js';
import { ChildHandle } from '../process/child-handle.js';
import type {
  ClientCommand,
  ClientReport,
  ServerCommand,
  ServerReport,
} from '../process/child-messages.js';
import type { RoundMeasurement } from '../results/bench-results.js';
import {
  DRAIN_TIMEOUT_MS,
  type EchoWorkloadResult,
  MAX_WARMUP_MS,
} from '../workload/echo-workload.js';

const SERVER_ENTRY = new URL('../process/server-process.js', import.meta.url);
const CLIENT_ENTRY = new URL('../process/client-process.js', import.meta.url);

const STARTUP_TIMEOUT_MS = 30_000;
const USAGE_TIMEOUT_MS = 10_000;
/** Connecting 1,000 channels and draining 256 KiB calls both take a while on a busy machine. */
const SLACK_MS = 60_000;

/** One round to run: which target, which configuration, which round index. */
export interface RoundRequest {
  readonly target: string;
  readonly configuration: BenchConfiguration;
  readonly timing: RoundTiming;
  readonly round: number;
  /** Compare every echoed byte (self-check); otherwise lengths only. */
  readonly verifyBytes?: boolean;
  /** When set, both processes write a V8 CPU profile (`.cpuprofile`) into this directory. */
  readonly profileDir?: string;
  /** Node/V8 flags for both processes (`--node-flags`); none when absent. */
  readonly nodeFlags?: readonly string[];
}

/** Node options that make a child write its CPU profile as `<name>.cpuprofile` into `dir`. */
export function cpuProfileArgs(dir: string | undefined, name: string): string[] {
  if (dir === undefined) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];
}

/**
 * Node options of a measured child: the run's `--node-flags`, then those of its CPU profile when
 * `profileDir` is set.
 */
export function measuredExecArgv(
  nodeFlags: readonly string[] | undefined,
  profileDir: string | undefined,
  name: string,
): string[] {
  return [...(nodeFlags ?? []), ...cpuProfileArgs(profileDir, name)];
}

/** Builds the round's figures from the client's result and the server's CPU/RSS samples. */
export function toRoundMeasurement(
  round: number,
  payloadSize: number,
  client: EchoWorkloadResult,
  serverCpuUs: number,
  serverMaxRssKiB: number,
): RoundMeasurement {
  const seconds = client.measuredMs / 1000;
  const perCall = (microseconds: number) => (client.calls === 0 ? 0 : microseconds / client.calls);
  return {
    round,
    calls: client.calls,
    errors: client.errors,
    mismatches: client.mismatches,
    measuredMs: client.measuredMs,
    callsPerSecond: seconds === 0 ? 0 : client.calls / seconds,
    bytesPerSecond: seconds === 0 ? 0 : (client.calls * payloadSize) / seconds,
    p50Us: client.latency.p50Us,
    p99Us: client.latency.p99Us,
    p999Us: client.latency.p999Us,
    maxUs: client.latency.maxUs,
    clientCpuUsPerCall: perCall(client.cpuUs),
    serverCpuUsPerCall: perCall(serverCpuUs),
    clientMaxRssKiB: client.maxRssKiB,
    serverMaxRssKiB,
    connectMs: client.connectMs,
    warmupMs: client.warmupMs,
    unfinishedCalls: client.unfinishedCalls,
  };
}

/**
 * Runs one round: a fresh server child and a fresh client child (never more than one of each, the
 * machine has two cores), the server's CPU sampled when the client's measured window opens and
 * closes. Both children are gone when this settles, whether it succeeds or throws.
 */
export async function runRound(request: RoundRequest): Promise<RoundMeasurement> {
  const { configuration, timing } = request;
  const profileName = `${request.target}-${configuration.id}-round${request.round + 1}`;
  const server = new ChildHandle<ServerCommand, ServerReport>(
    SERVER_ENTRY,
    [request.target],
    `${request.target} server`,
    measuredExecArgv(request.nodeFlags, request.profileDir, `${profileName}-server`),
  );
  let client: ChildHandle<ClientCommand, ClientReport> | undefined;
  try {
    const { port } = await server.waitFor('listening', STARTUP_TIMEOUT_MS);
    client = new ChildHandle<ClientCommand, ClientReport>(
      CLIENT_ENTRY,
      [],
      `${request.target} client`,
      measuredExecArgv(request.nodeFlags, request.profileDir, `${profileName}-client`),
    );
    client.send({
      type: 'run',
      target: request.target,
      spec: {
        host: '127.0.0.1',
        port,
        connections: configuration.connections,
        concurrency: configuration.concurrency,
        payloadSize: configuration.payloadSize,
        warmupMs: timing.warmupMs,
        durationMs: timing.durationMs,
        ...(timing.minCalls !== undefined && { minCalls: timing.minCalls }),
        ...(timing.stallTimeoutMs !== undefined && { stallTimeoutMs: timing.stallTimeoutMs }),
        ...(timing.drainTimeoutMs !== undefined && { drainTimeoutMs: timing.drainTimeoutMs }),
        verifyBytes: request.verifyBytes ?? false,
      },
    });
    const stallMs = timing.stallTimeoutMs ?? MAX_WARMUP_MS;
    await client.waitFor('measuring', STARTUP_TIMEOUT_MS + timing.warmupMs + stallMs + SLACK_MS);
    const before = await server.request({ type: 'usage' }, 'usage', USAGE_TIMEOUT_MS);
    const extraMs = (timing.minCalls ?? 0) > 0 ? stallMs : 0;
    await client.waitFor('measured', timing.durationMs + extraMs + SLACK_MS);
    const after = await server.request({ type: 'usage' }, 'usage', USAGE_TIMEOUT_MS);
    const drainMs = timing.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
    const { result } = await client.waitFor('result', drainMs + SLACK_MS);
    await client.stop();
    server.send({ type: 'stop' });
    await server.stop();
    if (result.calls === 0) {
      const reason = result.firstError === undefined ? '' : ` (first error: ${result.firstError})`;
      throw new BenchError('NO_CALLS', `no call completed in the measured window${reason}`);
    }
    return toRoundMeasurement(
      request.round,
      configuration.payloadSize,
      result,
      after.usage.cpuUs - before.usage.cpuUs,
      after.usage.maxRssKiB,
    );
  } finally {
    await Promise.all([client?.kill(), server.kill()]);
  }
}
