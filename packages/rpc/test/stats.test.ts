import { afterEach, describe, expect, it } from 'vitest';
import { ClientPool, type ClientStats, Status, sumStats } from '../src/index.js';
import { Echo } from './helpers/echo-service.js';
import { eventually, type Harness, rejection, startEchoServer } from './helpers/harness.js';

const MiB = 1024 * 1024;

describe('server.stats() and client.stats() over loopback', () => {
  let harness: Harness | undefined;
  let pool: ClientPool | undefined;
  afterEach(async () => {
    await pool?.close();
    await harness?.close();
    pool = undefined;
    harness = undefined;
  });

  it('count connections, calls and socket bytes as calls come and go', async () => {
    harness = await startEchoServer();
    const client = harness.client();
    expect(harness.server.stats()).toEqual({
      connections: 0,
      callsInFlight: 0,
      queuedCalls: 0,
      bytesIn: 0,
      bytesOut: 0,
      callsStarted: 0,
      callsFinished: 0,
      flowControlStalls: 0,
    });
    expect(client.stats()).toMatchObject({ connections: 0, callsStarted: 0, bytesOut: 0 });
    const echo = client.service(Echo);
    for (let i = 0; i < 3; i++) await echo.echo({ text: `call ${i}` });
    await rejection(echo.fail({ code: Status.NOT_FOUND }));
    const slow = echo.sleepAsync({ ms: 200 });
    await eventually(() => harness?.server.stats().callsInFlight === 1);
    expect(harness.server.stats()).toMatchObject({
      connections: 1,
      callsInFlight: 1,
      callsStarted: 5,
      callsFinished: 4,
    });
    expect(client.stats()).toMatchObject({
      connections: 1,
      callsInFlight: 1,
      queuedCalls: 0,
      callsStarted: 5,
      callsFinished: 4,
    });
    await slow;
    await eventually(() => harness?.server.stats().callsFinished === 5);
    const server = harness.server.stats();
    const clientStats = client.stats();
    expect(clientStats).toMatchObject({ callsInFlight: 0, callsStarted: 5, callsFinished: 5 });
    expect(server.callsInFlight).toBe(0);
    expect(server.bytesIn).toBeGreaterThan(0);
    // What one side wrote the other read (once nothing is on its way).
    await eventually(
      () =>
        harness?.server.stats().bytesIn === client.stats().bytesOut &&
        harness?.server.stats().bytesOut === client.stats().bytesIn,
    );
    // Bytes of closed connections stay counted.
    await client.close();
    await eventually(() => harness?.server.stats().connections === 0);
    expect(harness.server.stats().bytesIn).toBe(client.stats().bytesOut);
    expect(client.stats()).toMatchObject({ connections: 0, bytesIn: clientStats.bytesIn });
  });

  it('count flow-control stalls on both sides when messages outgrow the windows', async () => {
    const flowControl = { connectionWindow: 16 * MiB, streamWindow: 16 * MiB };
    harness = await startEchoServer({ flowControl });
    const client = harness.client({ flowControl });
    const echo = client.service(Echo);
    await echo.echo({ text: 'warm-up' });
    expect(harness.server.stats().flowControlStalls).toBe(0);
    expect(client.stats().flowControlStalls).toBe(0);
    const payload = new Uint8Array(6 * MiB);
    const replies = await Promise.all([1, 2, 3, 4].map(() => echo.echo({ payload })));
    expect(replies).toHaveLength(4);
    expect(client.stats().flowControlStalls).toBeGreaterThan(0);
    expect(harness.server.stats().flowControlStalls).toBeGreaterThan(0);
  });

  it('sums the clients of a pool', async () => {
    harness = await startEchoServer();
    pool = new ClientPool(harness.endpoint, { size: 2 });
    const echo = pool.service(Echo);
    await Promise.all([1, 2, 3, 4].map((n) => echo.echo({ number: n })));
    const stats: ClientStats = pool.stats();
    expect(stats).toMatchObject({ callsStarted: 4, callsFinished: 4, callsInFlight: 0 });
    expect(stats.connections).toBe(2);
    expect(stats.bytesOut).toBe(
      pool.clients.reduce((sum, client) => sum + client.stats().bytesOut, 0),
    );
  });
});

describe('sumStats', () => {
  it('adds snapshots field by field, and gives zeros for none', () => {
    const one = {
      connections: 1,
      callsInFlight: 2,
      queuedCalls: 3,
      bytesIn: 4,
      bytesOut: 5,
      callsStarted: 6,
      callsFinished: 7,
      flowControlStalls: 8,
    };
    expect(sumStats([one, one])).toEqual({
      connections: 2,
      callsInFlight: 4,
      queuedCalls: 6,
      bytesIn: 8,
      bytesOut: 10,
      callsStarted: 12,
      callsFinished: 14,
      flowControlStalls: 16,
    });
    expect(sumStats([]).callsFinished).toBe(0);
  });
});
