import { describe, expect, it } from 'vitest';
import { buildIdlePlan, capConnections, IDLE_SCENARIO } from '../src/plan/idle-scenario.js';
import type { MemorySnapshot } from '../src/process/idle-messages.js';
import { parseProcLimits } from '../src/process/open-file-limit.js';
import type { ProgressReporter } from '../src/report/progress-reporter.js';
import {
  checkIdleGoal,
  differenceOf,
  type IdleChildLaunch,
  perConnection,
  runIdleScenario,
} from '../src/run/idle-runner.js';
import { childPids, sourceExecArgv } from './child-processes.js';

const ignore = () => {};
const SILENT: ProgressReporter = {
  start: ignore,
  step: ignore,
  advance: ignore,
  note: ignore,
  stop: ignore,
};

describe('capConnections', () => {
  it('keeps the count when both processes may open enough files', () => {
    expect(capConnections(2_000, { server: 20_000, client: 20_000 })).toEqual({
      connections: 2_000,
    });
    expect(capConnections(2_000, { server: undefined, client: undefined })).toEqual({
      connections: 2_000,
    });
  });

  it('fits the count into the lower limit, keeping descriptors for the process, and says so', () => {
    const count = capConnections(2_000, { server: 4_096, client: 1_024 });
    expect(count.connections).toBe(1_024 - IDLE_SCENARIO.reservedFds);
    expect(count.capNote).toBe(
      '960 connections instead of 2,000: the client process may open 1,024 files (ulimit -n), ' +
        '64 of them kept for itself',
    );
    expect(capConnections(2_000, { server: 1_000, client: undefined }, 100).connections).toBe(900);
    expect(capConnections(10, { server: 50, client: 50 }, 64).connections).toBe(1);
  });
});

describe('parseProcLimits', () => {
  it("reads the soft limit of /proc/<pid>/limits' open-files line", () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
      'Max processes             63471                63471                processes \n' +
      'Max open files            1024                 524288               files     \n';
    expect(parseProcLimits(limits)).toBe(1024);
    expect(parseProcLimits('Max open files            unlimited            unlimited  files')).toBe(
      undefined,
    );
    expect(parseProcLimits('')).toBeUndefined();
  });
});

const snapshot = (rss: number, heapUsed: number, external: number): MemorySnapshot => ({
  rss,
  heapUsed,
  heapTotal: heapUsed * 2,
  external,
  arrayBuffers: external / 2,
});

describe('per-connection figures and the goal', () => {
  it('divides growth by the connections, subtracts bare from yrpc and checks the RSS difference', () => {
    const yrpc = perConnection(snapshot(50e6, 5e6, 1e6), snapshot(70e6, 15e6, 2e6), 2_000);
    expect(yrpc).toEqual({ rss: 10_000, heapUsed: 5_000, external: 500, arrayBuffers: 250 });
    const bare = perConnection(snapshot(40e6, 4e6, 1e6), snapshot(52e6, 6e6, 1e6), 2_000);
    const difference = differenceOf(yrpc, bare);
    expect(difference).toEqual({ rss: 4_000, heapUsed: 4_000, external: 500, arrayBuffers: 250 });
    expect(checkIdleGoal(difference)).toMatchObject({ status: 'met', measuredBytes: 4_000 });
    expect(checkIdleGoal({ ...difference, rss: 4_097 }).status).toBe('missed');
    expect(checkIdleGoal(undefined)).toEqual({
      title: IDLE_SCENARIO.goal.title,
      thresholdBytes: 4_096,
      status: 'not measured',
    });
  });
});

/**
 * The children run the TypeScript sources, as vitest does: workspace packages through their
 * `@yrpc/source` condition, loaded by tsx (a dev dependency of the bench).
 */
function sourceLaunch(): IdleChildLaunch {
  return {
    serverEntry: new URL('../src/process/idle-server-process.ts', import.meta.url),
    clientEntry: new URL('../src/process/idle-client-process.ts', import.meta.url),
    execArgv: sourceExecArgv(),
  };
}

describe('runIdleScenario over loopback', () => {
  it('measures both targets with 20 connections in real child processes and closes them all', async () => {
    const before = childPids();
    const notes: string[] = [];
    const plan = buildIdlePlan({ connections: 20, warmupConnections: 2, idleMs: 100 });
    const results = await runIdleScenario(
      plan,
      'pnpm bench --scenario idle-connections',
      { ...SILENT, note: (message) => notes.push(message) },
      { launch: sourceLaunch() },
    );
    expect(notes).toEqual([]);
    expect(results.targets.map((target) => target.target)).toEqual(['yrpc', 'bare']);
    for (const target of results.targets) {
      expect(target.failure).toBeUndefined();
      const measurement = target.measurement;
      expect(measurement?.connections).toBe(20);
      expect(measurement?.serverSockets).toBe(20);
      expect(measurement?.before.rss).toBeGreaterThan(0);
      for (const figure of Object.values(measurement?.perConnection ?? {})) {
        expect(Number.isFinite(figure)).toBe(true);
      }
    }
    expect(results.difference).toBeDefined();
    expect(['met', 'missed']).toContain(results.goal.status);
    expect(results.environment.loadAverages?.start).toHaveLength(3);
    expect(childPids().filter((pid) => !before.includes(pid))).toEqual([]);
  });

  it('reports a target that fails and goes on; the goal is then not measured', async () => {
    const results = await runIdleScenario(
      buildIdlePlan({ connections: 20 }),
      'pnpm bench --scenario idle-connections',
      SILENT,
      {
        executeTarget: async ({ target }) => {
          if (target === 'yrpc') throw new Error('yrpc idle server exited (code 1)');
          const memory = snapshot(40e6, 4e6, 1e6);
          return {
            connections: 20,
            openFileLimits: { server: 1_024, client: 1_024 },
            before: memory,
            after: memory,
            perConnection: perConnection(memory, memory, 20),
            serverSockets: 20,
            connectMs: 5,
          };
        },
      },
    );
    expect(results.targets[0]).toMatchObject({
      target: 'yrpc',
      failure: 'yrpc idle server exited (code 1)',
    });
    expect(results.targets[1]?.measurement?.perConnection.rss).toBe(0);
    expect(results.difference).toBeUndefined();
    expect(results.goal.status).toBe('not measured');
  });
});
