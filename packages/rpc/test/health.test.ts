import { afterEach, describe, expect, it } from 'vitest';
import {
  addHealth,
  Client,
  Health,
  type HealthCheckResponse,
  HealthService,
  InvalidOptionError,
  Server,
  type ServerOptions,
  Status,
} from '../src/index.js';
import { eventually, rejection } from './helpers/harness.js';

// grpc.health.v1.Health over the yrpc protocol: Check, List, Watch and what a graceful shutdown
// reports, with a real client on loopback TCP.

const LIMIT = 5000;

const servers: Server[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(
  options: ConstructorParameters<typeof HealthService>[0] = {},
  serverOptions: ServerOptions = {},
): Promise<{ server: Server; health: HealthService; port: number }> {
  const server = new Server(serverOptions);
  servers.push(server);
  const health = addHealth(server, options);
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, health, port };
}

function healthClient(port: number) {
  const client = new Client({ host: '127.0.0.1', port });
  clients.push(client);
  return client.service(Health);
}

/** `promise`, or a failure naming `what` if it has not settled within {@link LIMIT} ms. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${LIMIT} ms`)), LIMIT);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The next message of a Watch, or `'end'` when the stream ended. */
async function next(
  stream: AsyncIterator<HealthCheckResponse>,
  what = 'watch message',
): Promise<string> {
  const result = await within(stream.next(), what);
  return result.done ? 'end' : String(result.value.status);
}

describe('Check and List', () => {
  it('answers the whole server as SERVING, a set service by its status, an unknown one NOT_FOUND', async () => {
    const { health, port } = await serve();
    const stub = healthClient(port);
    expect(await stub.Check({ service: '' })).toEqual({ status: 'SERVING' });
    expect(await stub.Check({})).toEqual({ status: 'SERVING' });
    health.setStatus('demo.Greeter', 'NOT_SERVING');
    expect(await stub.Check({ service: 'demo.Greeter' })).toEqual({ status: 'NOT_SERVING' });
    health.setStatus('demo.Greeter', 'SERVING');
    expect(await stub.Check({ service: 'demo.Greeter' })).toEqual({ status: 'SERVING' });
    const error = await rejection(stub.Check({ service: 'demo.Missing' }));
    expect(error.code).toBe(Status.NOT_FOUND);
    expect(error.message).toContain('no health status for service "demo.Missing"');
    health.clearStatus('demo.Greeter');
    expect((await rejection(stub.Check({ service: 'demo.Greeter' }))).code).toBe(Status.NOT_FOUND);
  });

  it('lists every status', async () => {
    const { health, port } = await serve({ statuses: { '': 'SERVING', a: 'NOT_SERVING' } });
    health.setStatus('b', 'UNKNOWN');
    expect(await healthClient(port).List({})).toEqual({
      statuses: {
        '': { status: 'SERVING' },
        a: { status: 'NOT_SERVING' },
        b: { status: 'UNKNOWN' },
      },
    });
  });

  it('answers statuses by name even on a server whose messages use enum numbers', async () => {
    const { port } = await serve({}, { messages: { enums: 'number' } });
    expect(await healthClient(port).Check({ service: '' })).toEqual({ status: 'SERVING' });
  });
});

describe('Watch', () => {
  it('sends the current status, then every change; SERVICE_UNKNOWN for an unknown service, and keeps watching', async () => {
    const { health, port } = await serve();
    const stream = healthClient(port).Watch({ service: 'svc' })[Symbol.asyncIterator]();
    expect(await next(stream)).toBe('SERVICE_UNKNOWN');
    health.setStatus('svc', 'SERVING');
    expect(await next(stream)).toBe('SERVING');
    health.setStatus('other', 'NOT_SERVING'); // another service: nothing for this watcher
    health.setStatus('svc', 'SERVING'); // no change: nothing sent
    health.setStatus('svc', 'NOT_SERVING');
    expect(await next(stream)).toBe('NOT_SERVING');
    health.clearStatus('svc');
    expect(await next(stream)).toBe('SERVICE_UNKNOWN');
    expect(health.watchers).toBe(1);
    await stream.return?.();
    // Leaving the loop cancels the call: the server forgets the watcher.
    await eventually(() => health.watchers === 0, LIMIT);
  });
});

describe('graceful shutdown', () => {
  it('tells every watcher NOT_SERVING before the drain, then ends the Watch so the drain does not wait for it', async () => {
    const { server, health, port } = await serve();
    health.setStatus('svc', 'SERVING');
    const stub = healthClient(port);
    const whole = stub.Watch({ service: '' })[Symbol.asyncIterator]();
    const named = stub.Watch({ service: 'svc' })[Symbol.asyncIterator]();
    expect(await next(whole)).toBe('SERVING');
    expect(await next(named)).toBe('SERVING');
    const order: string[] = [];
    server.onShutdown(() => {
      order.push('listener');
    });
    const started = Date.now();
    const shutdown = server.shutdown({ drainTimeoutMs: 10_000 }).then(() => order.push('drained'));
    expect(await next(whole)).toBe('NOT_SERVING');
    order.push('watch saw NOT_SERVING');
    expect(await next(named)).toBe('NOT_SERVING');
    expect(await next(whole, 'watch end')).toBe('end');
    expect(await next(named, 'watch end')).toBe('end');
    await within(shutdown, 'shutdown');
    expect(order).toEqual(['listener', 'watch saw NOT_SERVING', 'drained']);
    // The Watch calls ended before the drain: it did not wait for its 10 s timeout.
    expect(Date.now() - started).toBeLessThan(LIMIT);
    // Statuses stay NOT_SERVING: a change after the shutdown began is ignored.
    health.setStatus('svc', 'SERVING');
    expect(health.status('svc')).toBe('NOT_SERVING');
  });

  it('keeps serving NOT_SERVING for shutdownDelayMs, to new connections too, before draining', async () => {
    const { server, health, port } = await serve({ shutdownDelayMs: 400 });
    health.setStatus('svc', 'SERVING');
    const shutdown = server.shutdown();
    let done = false;
    void shutdown.then(() => {
      done = true;
    });
    // A probe opens a new connection each time, as Kubernetes does.
    const probe = healthClient(port);
    expect(await probe.Check({ service: '' })).toEqual({ status: 'NOT_SERVING' });
    expect(await probe.Check({ service: 'svc' })).toEqual({ status: 'NOT_SERVING' });
    const watch = probe.Watch({ service: 'svc' })[Symbol.asyncIterator]();
    expect(await next(watch)).toBe('NOT_SERVING');
    expect(done).toBe(false);
    expect(await next(watch, 'watch end')).toBe('end');
    await within(shutdown, 'shutdown');
    expect(health.watchers).toBe(0);
  });

  it('a shutdown listener that fails does not stop the shutdown', async () => {
    const { server } = await serve();
    server.onShutdown(() => Promise.reject(new Error('listener failed')));
    await within(server.shutdown(), 'shutdown');
    await expect(server.listen({ host: '127.0.0.1', port: 0 })).rejects.toThrow('closed');
  });
});

describe('options', () => {
  it('are validated: each bad one is named', () => {
    const bad = (options: unknown, option: string) => {
      let thrown: unknown;
      try {
        new HealthService(options as ConstructorParameters<typeof HealthService>[0]);
      } catch (error) {
        thrown = error;
      }
      expect(InvalidOptionError.is(thrown)).toBe(true);
      expect((thrown as InvalidOptionError).option).toBe(option);
    };
    bad({ shutdownDelayMs: -1 }, 'shutdownDelayMs');
    bad({ shutdownDelayMs: 1.5 }, 'shutdownDelayMs');
    bad({ statuses: { a: 'SERVICE_UNKNOWN' } }, 'statuses.a');
    bad({ surprise: true }, 'surprise');
    const health = new HealthService();
    expect(() => health.setStatus('a', 'BOGUS' as 'SERVING')).toThrow(InvalidOptionError);
    expect(() => health.setStatus(7 as unknown as string, 'SERVING')).toThrow(InvalidOptionError);
    expect(health.status('a')).toBe('SERVICE_UNKNOWN');
    expect(health.status('')).toBe('SERVING');
  });
});
