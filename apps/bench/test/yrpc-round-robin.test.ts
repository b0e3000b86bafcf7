import { Client } from '@yrpc/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import type { EchoServerHandle } from '../src/targets/echo-target.js';
import { loadYrpcEcho } from '../src/targets/yrpc/yrpc-echo-service.js';
import { connectEchoClient, roundRobinPool } from '../src/targets/yrpc/yrpc-round-robin-client.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-round-robin-server.js';
import { describeOptInTarget } from './opt-in-target.js';
import { withOptInRounds } from './sample-results.js';

describeOptInTarget({
  name: 'yrpc-round-robin',
  startEchoServer,
  connectEchoClient,
  // A comparison without a goal: only its row.
  results: withOptInRounds('yrpc-round-robin', 'yrpc echo, round_robin over 3', [380_000]),
  row: '| 64 in flight · 16 B · 1 conn | yrpc-round-robin | 380.0k |',
});

describe('the yrpc-round-robin servers and pool', () => {
  let server: EchoServerHandle | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves on 127.0.0.1, .2 and .3 at one port, and the pool takes each in turn', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const { port } = server;
    const pool = roundRobinPool({ host: '127.0.0.1', port });
    try {
      await pool.connect();
      await Promise.all(pool.clients.map((client) => client.connect()));
      expect(pool.connections().map(({ address, ready }) => [address, ready])).toEqual([
        [`127.0.0.1:${port}`, true],
        [`127.0.0.2:${port}`, true],
        [`127.0.0.3:${port}`, true],
      ]);
      const { echo } = loadYrpcEcho();
      for (let call = 0; call < 30; call++) {
        const payload = Buffer.alloc(16, call);
        const reply = await pool.unary<{ payload?: Uint8Array }>(echo, { payload });
        expect(Buffer.compare(reply.payload ?? Buffer.alloc(0), payload)).toBe(0);
      }
      expect(pool.clients.map((client) => client.stats().callsFinished)).toEqual([10, 10, 10]);
    } finally {
      await pool.close();
    }
  });

  it('stops all three servers on close', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const { port } = server;
    await server.close();
    server = undefined;
    for (const host of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) {
      const client = new Client({ host, port }, { reconnect: { attempts: 1 } });
      await expect(client.connect()).rejects.toThrow();
      await client.close();
    }
  });
});
