import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, InvalidOptionError, loadProto, type ServerStats } from '@yrpc/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterStats, WorkerInfo } from '../src/index.js';
import { serveCluster } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const script = join(here, 'fixtures', 'cluster-server.ts');

interface Whoami {
  Who: { request: { delayMs?: number }; response: { pid?: number } };
}
const proto = await loadProto(join(here, 'fixtures', 'whoami.proto'));
const Whoami = proto.service<Whoami>('yrpc.cluster.test.Whoami');

interface StatsReply {
  stats: ClusterStats;
  workers: WorkerInfo[];
}

/** The fixture's cluster, in a child process, and what the tests need of it. */
interface RunningCluster {
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  stats(): Promise<StatsReply>;
  output(): string;
}

const started = new Set<{ child: ChildProcess; pids: Set<number> }>();
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const { child, pids } of started) {
    // Workers whose primary is gone drain and exit by themselves; these are the stragglers.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
  started.clear();
});

async function startCluster(options: Record<string, unknown> = {}): Promise<RunningCluster> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    ['--conditions=@yrpc/source', '--import', 'tsx', script, JSON.stringify(options)],
    { cwd: packageDir, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const entry = { child, pids: new Set<number>() };
  started.add(entry);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-32 * 1024);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waiting = new Map<number, (reply: StatsReply) => void>();
  let nextId = 1;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the cluster did not start:\n${output}`)),
      20_000,
    );
    child.on(
      'message',
      (message: { type: string; port?: number; id?: number; message?: string }) => {
        if (message.type === 'listening') {
          clearTimeout(timer);
          resolve(message.port ?? 0);
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(message.message));
        } else if (message.type === 'stats') {
          const reply = message as unknown as StatsReply & { id: number };
          for (const worker of reply.workers)
            if (worker.pid !== undefined) entry.pids.add(worker.pid);
          waiting.get(reply.id)?.(reply);
          waiting.delete(reply.id);
        }
      },
    );
    exited.then(() => reject(new Error(`the cluster exited before it listened:\n${output}`)));
  });
  return {
    port,
    child,
    exited,
    output: () => output,
    stats: () =>
      new Promise<StatsReply>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ type: 'stats', id });
      }),
  };
}

function whoami(port: number) {
  const client = new Client({ host: '127.0.0.1', port });
  clients.push(client);
  return client.service(Whoami);
}

async function eventually(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('serveCluster', () => {
  it('refuses bad options before forking anything', async () => {
    await expect(
      serveCluster({ workers: 0, setup: () => undefined as never, listen: { port: 0 } }),
    ).rejects.toThrow(InvalidOptionError);
  });

  it('spreads connections over both workers and sums their stats in the primary', async () => {
    const cluster = await startCluster();
    const stubs = Array.from({ length: 8 }, () => whoami(cluster.port));
    const replies = await Promise.all(stubs.flatMap((stub) => [stub.Who({}), stub.Who({})]));
    const pids = new Set(replies.map((reply) => reply.pid));
    expect(pids.size).toBe(2);
    expect(pids.has(cluster.child.pid)).toBe(false);
    const { stats, workers } = await cluster.stats();
    expect(workers.map((worker) => worker.listening)).toEqual([true, true]);
    expect(new Set(stats.workers.map((worker) => worker.pid))).toEqual(pids);
    const perWorker = stats.workers.map((worker) => worker.stats as ServerStats);
    expect(perWorker.every((each) => each.callsFinished > 0)).toBe(true);
    expect(stats.total.callsFinished).toBe(16);
    expect(stats.total.connections).toBe(
      perWorker.reduce((sum, each) => sum + each.connections, 0),
    );
    expect(stats.total.connections).toBe(8);
  });

  it('restarts a killed worker, which serves again', async () => {
    const cluster = await startCluster();
    const before = (await cluster.stats()).workers;
    const victim = before[0]?.pid as number;
    process.kill(victim, 'SIGKILL');
    await eventually(async () => {
      const { workers } = await cluster.stats();
      return workers.every((worker) => worker.listening) && workers[0]?.pid !== victim;
    });
    const { workers } = await cluster.stats();
    expect(workers[0]?.restarts).toBe(1);
    expect(workers[1]?.restarts).toBe(0);
    const pids = new Set(
      (await Promise.all(Array.from({ length: 6 }, () => whoami(cluster.port).Who({})))).map(
        (reply) => reply.pid,
      ),
    );
    expect(pids).toEqual(new Set(workers.map((worker) => worker.pid)));
  });

  it('drains every worker on SIGTERM: every call in flight is answered, the primary exits 0', async () => {
    const cluster = await startCluster();
    const stubs = Array.from({ length: 8 }, () => whoami(cluster.port));
    const calls = stubs.map((stub) => stub.Who({ delayMs: 600 }));
    await eventually(async () => (await cluster.stats()).stats.total.callsInFlight === 8);
    const { workers } = await cluster.stats();
    cluster.child.kill('SIGTERM');
    const replies = await Promise.all(calls);
    expect(new Set(replies.map((reply) => reply.pid))).toEqual(
      new Set(workers.map((worker) => worker.pid)),
    );
    expect(await cluster.exited).toEqual({ code: 0, signal: null });
    // The workers are gone too.
    for (const worker of workers) expect(() => process.kill(worker.pid as number, 0)).toThrow();
  });

  it('rejects the start when a worker setup fails', async () => {
    await expect(startCluster({ failSetup: true })).rejects.toThrow(
      /worker \d could not start: setup refused on purpose/,
    );
  });
});
