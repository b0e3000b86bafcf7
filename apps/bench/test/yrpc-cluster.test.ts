import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChildHandle } from '../src/process/child-handle.js';
import type { ServerCommand, ServerReport } from '../src/process/child-messages.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-client.js';
import {
  CLUSTER_WORKERS,
  startEchoCluster,
  startEchoServer,
} from '../src/targets/yrpc/yrpc-cluster-server.js';
import { childPids, isRunning, sourceExecArgv } from './child-processes.js';
import { echo } from './echo-call.js';
import { describeOptInTarget } from './opt-in-target.js';
import { withOptInRounds } from './sample-results.js';

describeOptInTarget({
  name: 'yrpc-cluster',
  startEchoServer,
  // The yrpc target's own client: the harness's --connections 2 gives each worker one.
  connectEchoClient,
  // A comparison without a goal: only its row (the sample run is on 1 connection).
  results: withOptInRounds('yrpc-cluster', 'yrpc echo, 2 workers', [520_000]),
  row: '| 64 in flight · 16 B · 1 conn | yrpc-cluster | 520.0k |',
  commandArgs: ['--connections', '2'],
  connections: 2,
  // Its workers need tsx here: the tests below start them so.
  loopback: false,
});

/** Two connections of the yrpc client to `port`, 20 echo calls on each, then closed. */
async function echoOnTwoConnections(port: number): Promise<void> {
  const options = { host: '127.0.0.1', port, payloadSize: 16, concurrency: 8 };
  const connections = [await connectEchoClient(options), await connectEchoClient(options)];
  try {
    for (const connection of connections) {
      const payloads = Array.from({ length: 20 }, (_, i) => Buffer.alloc(16, i));
      const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
      replies.forEach((reply, index) => {
        expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
      });
    }
  } finally {
    await Promise.all(connections.map((connection) => connection.close()));
  }
}

// The workers run the TypeScript sources: they are given tsx (the primary's own flags are
// vitest's here).
describe('the yrpc-cluster server', () => {
  it('answers from both workers when the client has 2 connections, and stops them', async () => {
    const primary = await startEchoCluster({ host: '127.0.0.1', port: 0 }, sourceExecArgv());
    const pids = primary.workers.map((worker) => worker.pid ?? 0);
    try {
      expect(new Set(pids).size).toBe(CLUSTER_WORKERS);
      const { endpoint } = primary;
      await echoOnTwoConnections('port' in endpoint ? endpoint.port : 0);
      const { workers } = await primary.stats();
      // Round-robin scheduling: one connection, and its 20 calls, to each worker.
      expect(workers.map(({ pid, stats }) => [pid, stats?.callsFinished])).toEqual(
        pids.map((pid) => [pid, 20]),
      );
    } finally {
      await primary.shutdown();
    }
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it("leaves no process behind once the bench's server child closes it", async () => {
    const before = childPids();
    const server = new ChildHandle<ServerCommand, ServerReport>(
      new URL('../src/process/server-process.ts', import.meta.url),
      ['yrpc-cluster'],
      'yrpc-cluster server',
      sourceExecArgv(),
    );
    try {
      const { port } = await server.waitFor('listening', 30_000);
      const [primaryPid] = childPids().filter((pid) => !before.includes(pid));
      // The workers, and whatever else the primary runs (tsx's esbuild).
      const children = childPids(primaryPid);
      const workers = children.filter((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('yrpc-cluster-worker'),
      );
      expect(workers).toHaveLength(CLUSTER_WORKERS);
      await echoOnTwoConnections(port);
      server.send({ type: 'stop' });
      await server.stop();
      // The workers are gone when the primary is; tsx's esbuild service ends on its own once its
      // stdin closes, a moment later: wait for that, boundedly.
      expect(workers.filter(isRunning)).toEqual([]);
      const deadline = Date.now() + 5_000;
      while (children.some(isRunning) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(children.filter(isRunning)).toEqual([]);
    } finally {
      await server.kill();
    }
  });
});
