import { BenchError } from '../bench-error.js';
import type { StreamingTiming } from '../plan/streaming-scenario.js';
import { ChildHandle } from '../process/child-handle.js';
import type {
  FeedClientCommand,
  FeedClientReport,
  FeedServerArgs,
  FeedServerCommand,
  FeedServerReport,
  FeedServerUsage,
  RetainedMemory,
} from '../process/feed-messages.js';
import type { FeedRoundMeasurement } from '../results/streaming-results.js';
import type { FeedFlowControl } from '../targets/feed-target.js';
import type { FeedWorkloadResult } from '../workload/feed-workload.js';
import { measuredExecArgv } from './round-runner.js';

const SERVER_ENTRY = new URL('../process/feed-server-process.js', import.meta.url);
const CLIENT_ENTRY = new URL('../process/feed-client-process.js', import.meta.url);

const STARTUP_TIMEOUT_MS = 30_000;
const USAGE_TIMEOUT_MS = 10_000;
/** Starting processes and connecting take a while on a busy machine. */
const SLACK_MS = 30_000;

/** One stream to run: which target, message size, pace and window. */
export interface FeedRoundRequest {
  readonly target: string;
  /** `stream-p16`, `slow-p65536`: names the CPU profiles. */
  readonly id: string;
  readonly payloadSize: number;
  /** 0: a consumer as fast as the messages come; otherwise µs per message. */
  readonly paceUs: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly timing: StreamingTiming;
  /** yrpc's windows for this target, or `undefined` for a target without them. */
  readonly flowControl: FeedFlowControl | undefined;
  readonly round: number;
  /** When set, both processes write a V8 CPU profile into this directory. */
  readonly profileDir?: string;
  /** Node/V8 flags for both processes (`--node-flags`); none when absent. */
  readonly nodeFlags?: readonly string[];
}

/** What the server's two samples (at the window's opening and closing) give a round. */
export interface FeedServerSamples {
  /** CPU time between the two samples, µs. */
  readonly cpuUs: number;
  /** How late the later of the two answers came, ms. */
  readonly lagMs: number;
  /** The closing sample. */
  readonly after: FeedServerUsage;
  /** Memory after a full collection, after the closing sample. */
  readonly retained?: RetainedMemory | undefined;
}

/** A server sample later than this share of the window makes its CPU figure meaningless. */
export const MAX_SAMPLE_LAG_SHARE = 0.1;

/** Builds the round's figures from the client's result and the server's two samples. */
export function toFeedRoundMeasurement(
  request: Pick<FeedRoundRequest, 'round' | 'paceUs' | 'payloadSize' | 'durationMs'>,
  client: FeedWorkloadResult,
  server: FeedServerSamples,
): FeedRoundMeasurement {
  const seconds = client.measuredMs / 1000;
  const perMessage = (micros: number) => (client.messages === 0 ? 0 : micros / client.messages);
  const serverCpuTrusted = server.lagMs <= request.durationMs * MAX_SAMPLE_LAG_SHARE;
  const produced = server.after.produced;
  return {
    round: request.round,
    messages: client.messages,
    bytes: client.bytes,
    measuredMs: client.measuredMs,
    messagesPerSecond: seconds === 0 ? 0 : client.messages / seconds,
    bytesPerSecond: seconds === 0 ? 0 : client.bytes / seconds,
    mismatches: client.mismatches,
    clientCpuUsPerMessage: perMessage(client.cpuUs),
    ...(serverCpuTrusted && { serverCpuUsPerMessage: perMessage(server.cpuUs) }),
    serverSampleLagMs: Math.round(server.lagMs),
    produced,
    takenTotal: client.takenTotal,
    backlogBytes: Math.max(0, produced - client.takenTotal) * request.payloadSize,
    serverEventLoopMaxDelayMs: server.after.eventLoopMaxDelayMs,
    clientEventLoopMaxDelayMs: client.eventLoopMaxDelayMs,
    serverRss: server.after.rss,
    ...(server.retained !== undefined && { serverRetained: server.retained }),
    clientRss: client.rss,
    serverMaxRssKiB: server.after.maxRssKiB,
    clientMaxRssKiB: client.maxRssKiB,
    connectMs: client.connectMs,
    paceUs: request.paceUs,
    ...(client.note !== undefined && { note: client.note }),
  };
}

/**
 * Runs one stream: a fresh feed server child and a fresh feed client child; the server's CPU is
 * sampled when the client's window opens and closes, and its RSS trace (from the start of the
 * stream) when it closes. Both children are gone when this settles.
 */
export async function runFeedRound(request: FeedRoundRequest): Promise<FeedRoundMeasurement> {
  const { timing } = request;
  const profileName = `${request.target}-${request.id}-round${request.round + 1}`;
  const serverArgs: FeedServerArgs = { target: request.target, flowControl: request.flowControl };
  const server = new ChildHandle<FeedServerCommand, FeedServerReport>(
    SERVER_ENTRY,
    [JSON.stringify(serverArgs)],
    `${request.target} feed server`,
    // --expose-gc only makes `gc()` callable: the server collects when asked for 'retained',
    // after the window.
    [
      '--expose-gc',
      ...measuredExecArgv(request.nodeFlags, request.profileDir, `${profileName}-server`),
    ],
  );
  let client: ChildHandle<FeedClientCommand, FeedClientReport> | undefined;
  try {
    const { port } = await server.waitFor('listening', STARTUP_TIMEOUT_MS);
    client = new ChildHandle<FeedClientCommand, FeedClientReport>(
      CLIENT_ENTRY,
      [],
      `${request.target} feed client`,
      measuredExecArgv(request.nodeFlags, request.profileDir, `${profileName}-client`),
    );
    client.send({
      type: 'run',
      target: request.target,
      spec: {
        host: '127.0.0.1',
        port,
        payloadSize: request.payloadSize,
        warmupMs: request.warmupMs,
        durationMs: request.durationMs,
        paceUs: request.paceUs,
        stallTimeoutMs: timing.stallTimeoutMs,
        drainTimeoutMs: timing.drainTimeoutMs,
        flowControl: request.flowControl,
      },
    });
    await client.waitFor(
      'measuring',
      STARTUP_TIMEOUT_MS + timing.stallTimeoutMs + request.warmupMs + SLACK_MS,
    );
    const openedAt = performance.now();
    const before = await server.request({ type: 'usage' }, 'usage', USAGE_TIMEOUT_MS);
    const lagBefore = performance.now() - openedAt;
    await client.waitFor('measured', request.durationMs + SLACK_MS);
    const closedAt = performance.now();
    const after = await server.request({ type: 'usage' }, 'usage', USAGE_TIMEOUT_MS);
    const lagAfter = performance.now() - closedAt;
    const { retained } = await server.request({ type: 'retained' }, 'retained', USAGE_TIMEOUT_MS);
    const { result } = await client.waitFor('result', timing.drainTimeoutMs + SLACK_MS);
    await client.stop();
    server.send({ type: 'stop' });
    await server.stop();
    if (result.messages === 0) {
      throw new BenchError('NO_MESSAGES', 'no message was taken in the measured window');
    }
    return toFeedRoundMeasurement(request, result, {
      cpuUs: after.usage.cpuUs - before.usage.cpuUs,
      lagMs: Math.max(lagBefore, lagAfter),
      after: after.usage,
      retained,
    });
  } finally {
    await Promise.all([client?.kill(), server.kill()]);
  }
}
