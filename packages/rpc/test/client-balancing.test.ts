import dns2 from 'dns2';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientPool,
  InvalidOptionError,
  parseTarget,
  run,
  type ServerInterceptor,
  type ServerOptions,
  Status,
} from '../src/index.js';
import { Echo } from './helpers/echo-service.js';
import { eventually, type Harness, rejection, startEchoServer } from './helpers/harness.js';

const { Packet } = dns2;

/** Echo servers on 127.0.0.1, .2, .3 (all loopback on Linux) at one port, counting their calls. */
class Fleet {
  readonly counts: number[] = [];
  readonly servers: (Harness | undefined)[] = [];
  port = 0;

  constructor(readonly options: ServerOptions = {}) {}

  async start(index: number): Promise<void> {
    this.counts[index] ??= 0;
    const count: ServerInterceptor = (request, _context, next) => {
      this.counts[index] = (this.counts[index] ?? 0) + 1;
      return next(request);
    };
    const harness = await startEchoServer(
      { ...this.options, interceptors: [count] },
      { host: `127.0.0.${index + 1}`, port: this.port },
    );
    if (this.port === 0) this.port = harness.endpoint.port as number;
    this.servers[index] = harness;
  }

  async stop(index: number): Promise<void> {
    await this.servers[index]?.close();
    this.servers[index] = undefined;
  }

  address(index: number): string {
    return `127.0.0.${index + 1}:${this.port}`;
  }

  static(...indexes: number[]): string {
    return `static:///${indexes.map((index) => this.address(index)).join(',')}`;
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((server) => server?.close()));
  }
}

/**
 * A DNS server on 127.0.0.1 whose A answers for `svc.test` are whatever `answers` holds, and
 * whose SRV answers for `_echo._tcp.svc.test` are `srv` (each record's target and port).
 */
async function startDns(): Promise<{
  answers: string[];
  srv: { target: string; port: number }[];
  port: number;
  close(): Promise<void>;
}> {
  const state = { answers: ['127.0.0.1'], srv: [] as { target: string; port: number }[] };
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions as { name: string; type: number }[];
      if (question?.name === '_echo._tcp.svc.test' && question.type === Packet.TYPE.SRV) {
        for (const record of state.srv) {
          // dns2 2.x types its answers for A records only; it encodes SRV fields all the same.
          const srv = {
            name: question.name,
            type: Packet.TYPE.SRV,
            class: Packet.CLASS.IN,
            ttl: 1,
            priority: 10,
            weight: 5,
            port: record.port,
            target: record.target,
          };
          response.answers.push(srv as unknown as (typeof response.answers)[number]);
        }
      }
      if (question?.name === 'svc.test' && question.type === Packet.TYPE.A) {
        for (const address of state.answers) {
          response.answers.push({
            name: question.name,
            type: Packet.TYPE.A,
            class: Packet.CLASS.IN,
            ttl: 1,
            address,
          });
        }
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } } as never);
  const port = (server.addresses().udp as { port: number }).port;
  return {
    get answers() {
      return state.answers;
    },
    set answers(value: string[]) {
      state.answers = value;
    },
    get srv() {
      return state.srv;
    },
    set srv(value: { target: string; port: number }[]) {
      state.srv = value;
    },
    port,
    close: () => server.close(),
  };
}

const fast = {
  reconnect: { attempts: 1 },
  connectTimeoutMs: 1000,
  outlierEjection: { baseEjectionMs: 100, maxEjectionMs: 200 },
} as const;

describe('ClientPool balancing', () => {
  let fleet: Fleet;
  let pool: ClientPool | undefined;
  let dns: Awaited<ReturnType<typeof startDns>> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
    await fleet?.close();
    await dns?.close();
    dns = undefined;
  });

  async function startFleet(count = 3): Promise<void> {
    fleet = new Fleet();
    for (let index = 0; index < count; index++) await fleet.start(index);
  }

  async function allReady(expected: number): Promise<void> {
    await eventually(
      () => pool?.connections().filter((connection) => connection.ready).length === expected,
      3000,
    );
  }

  it('round_robin spreads calls evenly over 127.0.0.1, .2 and .3 at one port', async () => {
    await startFleet();
    pool = new ClientPool(fleet.static(0, 1, 2), { policy: 'round_robin' });
    await pool.connect();
    await allReady(3);
    const echo = pool.service(Echo);
    for (let call = 0; call < 30; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([10, 10, 10]);
  });

  it('p2c (the default) spreads concurrent load over every server', async () => {
    await startFleet();
    pool = new ClientPool(fleet.static(0, 1, 2));
    await pool.connect();
    await allReady(3);
    const echo = pool.service(Echo);
    await Promise.all(Array.from({ length: 60 }, () => echo.sleep({ ms: 20 })));
    expect(fleet.counts.reduce((a, b) => a + b)).toBe(60);
    for (const count of fleet.counts) expect(count).toBeGreaterThanOrEqual(12);
  });

  it('pick_first sticks to the first address and fails over when it stops', async () => {
    await startFleet();
    pool = new ClientPool(fleet.static(0, 1, 2), { policy: 'pick_first', ...fast });
    await pool.connect();
    await allReady(3);
    const echo = pool.service(Echo);
    for (let call = 0; call < 10; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([10, 0, 0]);
    await fleet.stop(0);
    await allReady(2);
    for (let call = 0; call < 10; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([10, 10, 0]);
  });

  it('ejects a stopped server, serves on the others, and re-admits it once it is back', async () => {
    await startFleet();
    pool = new ClientPool(fleet.static(0, 1, 2), { policy: 'round_robin', ...fast });
    await pool.connect();
    await allReady(3);
    const echo = pool.service(Echo);
    await fleet.stop(1);
    await allReady(2);
    await eventually(() => pool?.connections()[1]?.ejected === true, 3000);
    for (let call = 0; call < 20; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([10, 0, 10]);
    await fleet.start(1);
    await allReady(3);
    for (let call = 0; call < 30; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts[1]).toBe(10);
  });

  it('fails fast with UNAVAILABLE, or waits for a ready connection until the deadline', async () => {
    await startFleet(1);
    const port = fleet.port;
    await fleet.stop(0);
    pool = new ClientPool(`static:///127.0.0.1:${port}`, fast);
    const echo = pool.service(Echo);
    const failed = await rejection(echo.echo({ text: 'x' }));
    expect(failed.code).toBe(Status.UNAVAILABLE);
    expect(failed.message).toMatch(/no ready connection .*127\.0\.0\.1.*waitForReady/);
    const expired = await rejection(
      echo.echo({ text: 'x' }, { waitForReady: true, timeoutMs: 150 }),
    );
    expect(expired.code).toBe(Status.DEADLINE_EXCEEDED);
    const waiting = echo.echo({ text: 'w' }, { waitForReady: true, timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fleet.start(0);
    await expect(waiting).resolves.toMatchObject({ text: 'w' });
    // The callback and coroutine styles go through the same wait.
    await new Promise<void>((resolve, reject) =>
      echo.echo({ text: 'c' }, { waitForReady: true }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    const reply = await run(function* () {
      return yield* echo.echo.co({ text: 'o' });
    }).promise;
    expect(reply.text).toBe('o');
  });

  it('follows a DNS name: a new address gets calls after re-resolution, a removed one stops', async () => {
    await startFleet(2);
    dns = await startDns();
    pool = new ClientPool(`dns://127.0.0.1:${dns.port}/svc.test:${fleet.port}`, {
      policy: 'round_robin',
      dns: { refreshIntervalMs: 100, minResolveIntervalMs: 0 },
    });
    await pool.connect();
    const echo = pool.service(Echo);
    for (let call = 0; call < 4; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([4, 0]);
    dns.answers = ['127.0.0.1', '127.0.0.2'];
    await allReady(2);
    for (let call = 0; call < 4; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([6, 2]);
    dns.answers = ['127.0.0.2'];
    await eventually(() => pool?.connections().length === 1, 3000);
    for (let call = 0; call < 4; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([6, 6]);
    expect(pool.connections().map((connection) => connection.address)).toEqual([fleet.address(1)]);
  });

  it('follows SRV records when asked: their targets resolved, their ports used', async () => {
    await startFleet(2);
    dns = await startDns();
    dns.answers = ['127.0.0.2'];
    // One record names an address directly, the other a name whose A record is 127.0.0.2.
    dns.srv = [
      { target: '127.0.0.1', port: fleet.port },
      { target: 'svc.test', port: fleet.port },
    ];
    pool = new ClientPool(`dns://127.0.0.1:${dns.port}/_echo._tcp.svc.test`, {
      policy: 'round_robin',
      dns: { srv: true, refreshIntervalMs: 60_000 },
    });
    await pool.connect();
    await allReady(2);
    const echo = pool.service(Echo);
    for (let call = 0; call < 4; call++) await echo.echo({ text: 'x' });
    expect(fleet.counts).toEqual([2, 2]);
  });

  it('rebalances onto servers added later within two connection ages (maxConnectionAgeMs)', async () => {
    const ageMs = 400;
    fleet = new Fleet({ maxConnectionAgeMs: ageMs, maxConnectionAgeGraceMs: 1000 });
    await fleet.start(0);
    dns = await startDns();
    // No timer re-resolution within the test: only the server's GOAWAY at the age makes it.
    pool = new ClientPool(`dns://127.0.0.1:${dns.port}/svc.test:${fleet.port}`, {
      policy: 'round_robin',
      dns: { refreshIntervalMs: 60_000, minResolveIntervalMs: 0 },
    });
    const echo = pool.service(Echo);
    await echo.echo({ text: 'x' });
    await fleet.start(1);
    await fleet.start(2);
    dns.answers = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
    const added = Date.now();
    const before = [...fleet.counts];
    while (Date.now() - added < 2 * ageMs * 1.1 + 200) {
      await echo.echo({ text: 'x' });
      if (fleet.counts.every((count, index) => count > (before[index] ?? 0))) break;
    }
    expect(fleet.counts.every((count, index) => count > (before[index] ?? 0))).toBe(true);
  });

  it('reads targets and refuses bad ones with InvalidOptionError', () => {
    expect(parseTarget('dns:///svc.local:50051')).toEqual({
      scheme: 'dns',
      host: 'svc.local',
      port: 50051,
      server: undefined,
    });
    expect(parseTarget('static:///10.0.0.1:1,[::1]:2')).toEqual({
      scheme: 'static',
      addresses: [
        { host: '10.0.0.1', port: 1 },
        { host: '::1', port: 2 },
      ],
    });
    expect(parseTarget('unix:/tmp/s.sock')).toEqual({
      scheme: 'address',
      addresses: [{ path: '/tmp/s.sock' }],
    });
    expect(parseTarget('localhost:7')).toEqual({
      scheme: 'address',
      addresses: [{ host: 'localhost', port: 7 }],
    });
    for (const bad of ['dns:///svc.local', 'http://x:1', 'static:///a', 'x:0', 'dns:svc']) {
      const attempt = () => new ClientPool(bad);
      expect(attempt).toThrow(InvalidOptionError);
      expect(attempt).toThrow(/ClientPool option target/);
    }
    expect(() => new ClientPool('static:///127.0.0.1:1', { policy: 'random' as never })).toThrow(
      /ClientPool option policy/,
    );
  });
});
