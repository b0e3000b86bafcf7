import { loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchError } from '../bench-error.js';
import { capConnections, IDLE_SCENARIO, type IdlePlan } from '../plan/idle-scenario.js';
import { ChildHandle } from '../process/child-handle.js';
import type {
  IdleClientCommand,
  IdleClientReport,
  IdleServerCommand,
  IdleServerReport,
  MemorySnapshot,
} from '../process/idle-messages.js';
import type { ProgressReporter } from '../report/progress-reporter.js';
import type {
  IdleGoalCheck,
  IdleMeasurement,
  IdleResults,
  IdleTargetResult,
  PerConnectionMemory,
} from '../results/idle-results.js';
import {
  BARE_TARGET,
  IDLE_GOAL_TARGET,
  IDLE_TARGETS,
  type IdleTarget,
} from '../targets/idle/idle-targets.js';
import { describeEnvironment } from './bench-runner.js';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Starting processes and answering over IPC take a while on a busy machine. */
const SLACK_MS = 10_000;

/** How the two child processes are started: their entry files and Node options. */
export interface IdleChildLaunch {
  readonly serverEntry: URL;
  readonly clientEntry: URL;
  /** Node options for both, before `--node-flags` (tests: a TypeScript loader). */
  readonly execArgv: readonly string[];
}

/** The built entries next to this module, run as they are. */
export const DEFAULT_IDLE_LAUNCH: IdleChildLaunch = {
  serverEntry: new URL('../process/idle-server-process.js', import.meta.url),
  clientEntry: new URL('../process/idle-client-process.js', import.meta.url),
  execArgv: [],
};

/** One target to measure. */
export interface IdleTargetRequest {
  readonly target: string;
  readonly plan: IdlePlan;
  readonly nodeFlags?: readonly string[];
  readonly launch?: IdleChildLaunch;
}

/** (after − before) ÷ connections for each figure, bytes. */
export function perConnection(
  before: MemorySnapshot,
  after: MemorySnapshot,
  connections: number,
): PerConnectionMemory {
  const each = (key: keyof PerConnectionMemory) => (after[key] - before[key]) / connections;
  return {
    rss: each('rss'),
    heapUsed: each('heapUsed'),
    external: each('external'),
    arrayBuffers: each('arrayBuffers'),
  };
}

/**
 * Measures one target in a fresh server process (with --expose-gc) and a fresh client process:
 * warm-up connections are opened and closed; the server's memory is taken after two full
 * collections with no connection open; the client opens N connections (fewer when the open-file
 * limit of either process is lower), the server has accepted every one, they sit idle for
 * `idleMs`, and the server's memory is taken again the same way. Both processes are gone when
 * this settles.
 */
export async function measureIdleTarget(request: IdleTargetRequest): Promise<IdleMeasurement> {
  const { plan, target } = request;
  const launch = request.launch ?? DEFAULT_IDLE_LAUNCH;
  const execArgv = [...launch.execArgv, ...(request.nodeFlags ?? [])];
  const server = new ChildHandle<IdleServerCommand, IdleServerReport>(
    launch.serverEntry,
    [target],
    `${target} idle server`,
    ['--expose-gc', ...execArgv],
  );
  // Started alongside the server: it is told the port when it opens connections.
  const client = new ChildHandle<IdleClientCommand, IdleClientReport>(
    launch.clientEntry,
    [target],
    `${target} idle client`,
    execArgv,
  );
  try {
    const [listening, ready] = await Promise.all([
      server.waitFor('listening', STARTUP_TIMEOUT_MS),
      client.waitFor('ready', STARTUP_TIMEOUT_MS),
    ]);
    const openFileLimits = { server: listening.openFileLimit, client: ready.openFileLimit };
    const { connections, capNote } = capConnections(plan.connections, openFileLimits);

    const open = (count: number) =>
      client.request(
        {
          type: 'open',
          host: HOST,
          port: listening.port,
          count,
          concurrency: plan.connectConcurrency,
          timeoutMs: plan.connectTimeoutMs,
        },
        'opened',
        plan.connectTimeoutMs + SLACK_MS,
      );
    const serverHolds = async (count: number, when: string): Promise<void> => {
      const { sockets } = await server.request(
        { type: 'await-sockets', count, timeoutMs: plan.connectTimeoutMs },
        'sockets',
        plan.connectTimeoutMs + SLACK_MS,
      );
      if (sockets !== count) {
        throw new BenchError(
          'CHILD_TIMEOUT',
          `${target}: the server had ${sockets} sockets open ${when}, not ${count}, ` +
            `after ${plan.connectTimeoutMs} ms`,
        );
      }
    };
    const closeAll = () => client.request({ type: 'close-all' }, 'closed', REQUEST_TIMEOUT_MS);
    const memory = () => server.request({ type: 'memory' }, 'memory', REQUEST_TIMEOUT_MS);

    const warmup = Math.min(plan.warmupConnections, connections);
    if (warmup > 0) {
      await open(warmup);
      await serverHolds(warmup, 'after the warm-up connections');
      await closeAll();
    }
    await serverHolds(0, 'before the measurement');
    const before = await memory();
    const opened = await open(connections);
    await serverHolds(connections, 'once every connection was open');
    await delay(plan.idleMs);
    const after = await memory();
    await closeAll();
    client.send({ type: 'exit' });
    await client.stop();
    server.send({ type: 'stop' });
    await server.stop();
    return {
      connections,
      ...(capNote !== undefined && { capNote }),
      openFileLimits,
      before: before.memory,
      after: after.memory,
      perConnection: perConnection(before.memory, after.memory, connections),
      serverSockets: after.sockets,
      connectMs: Math.round(opened.ms),
    };
  } finally {
    await Promise.all([client.kill(), server.kill()]);
  }
}

/** Measures one target; replaceable so that reports and failures can be tested quickly. */
export type IdleTargetExecutor = (request: IdleTargetRequest) => Promise<IdleMeasurement>;

export interface IdleRunOptions {
  readonly executeTarget?: IdleTargetExecutor;
  readonly nodeFlags?: readonly string[];
  readonly launch?: IdleChildLaunch;
  readonly targets?: readonly IdleTarget[];
}

/** yrpc − bare per connection, for each figure. */
export function differenceOf(
  yrpc: PerConnectionMemory,
  bare: PerConnectionMemory,
): PerConnectionMemory {
  return {
    rss: yrpc.rss - bare.rss,
    heapUsed: yrpc.heapUsed - bare.heapUsed,
    external: yrpc.external - bare.external,
    arrayBuffers: yrpc.arrayBuffers - bare.arrayBuffers,
  };
}

/** The goal, on the RSS difference: met when yrpc costs at most the threshold above bare. */
export function checkIdleGoal(difference: PerConnectionMemory | undefined): IdleGoalCheck {
  const { title, thresholdBytes } = IDLE_SCENARIO.goal;
  if (difference === undefined) return { title, thresholdBytes, status: 'not measured' };
  return {
    title,
    thresholdBytes,
    measuredBytes: difference.rss,
    status: difference.rss <= thresholdBytes ? 'met' : 'missed',
  };
}

/**
 * Runs the scenario: each target in turn (yrpc, then bare), each in its own server and client
 * processes. A target that fails is reported with its message; the run goes on.
 */
export async function runIdleScenario(
  plan: IdlePlan,
  command: string,
  progress: ProgressReporter,
  options: IdleRunOptions = {},
): Promise<IdleResults> {
  const executeTarget = options.executeTarget ?? measureIdleTarget;
  const targets = options.targets ?? IDLE_TARGETS;
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  progress.start(targets.length);
  const results: IdleTargetResult[] = [];
  for (const target of targets) {
    progress.step(`${target.name} · ${plan.connections.toLocaleString('en-US')} idle connections`);
    try {
      const measurement = await executeTarget({
        target: target.name,
        plan,
        ...(options.nodeFlags !== undefined && { nodeFlags: options.nodeFlags }),
        ...(options.launch !== undefined && { launch: options.launch }),
      });
      if (measurement.capNote !== undefined) {
        progress.note(`${target.name}: ${measurement.capNote}`);
      }
      results.push({ target: target.name, description: target.description, measurement });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress.note(`${target.name} failed: ${message}`);
      results.push({ target: target.name, description: target.description, failure: message });
    }
    progress.advance();
  }
  progress.stop();
  const measured = (name: string) =>
    results.find((result) => result.target === name)?.measurement?.perConnection;
  const yrpc = measured(IDLE_GOAL_TARGET);
  const bare = measured(BARE_TARGET);
  const difference =
    yrpc !== undefined && bare !== undefined ? differenceOf(yrpc, bare) : undefined;
  return {
    schemaVersion: 1,
    mode: 'idle-connections',
    command,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: describeEnvironment(loadAtStart, loadavg(), options.nodeFlags),
    plan,
    targets: results,
    ...(difference !== undefined && { difference }),
    goal: checkIdleGoal(difference),
  };
}
