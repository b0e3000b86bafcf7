import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { addHealth, HEALTH_PROTO, type HealthService, Server } from '@yrpc/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import { httpProtocols } from '../src/http-protocols.js';

// grpc.health.v1.Health served over gRPC by @yrpc/http, called by a real grpc-js client loaded
// from grpc/grpc-proto's health.proto, and probed the way Kubernetes' built-in gRPC probe does.

const LIMIT = 5000;
const HEALTH_FILE = fileURLToPath(new URL('./fixtures/health.proto', import.meta.url));

interface CheckResponse {
  status: string;
}
type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;
/** The grpc-js client of grpc.health.v1.Health, as proto-loader makes it. */
interface HealthClient extends grpc.Client {
  Check(
    request: { service: string },
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: Callback<CheckResponse>,
  ): grpc.ClientUnaryCall;
  Watch(request: { service: string }): grpc.ClientReadableStream<CheckResponse>;
}
type HealthConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => HealthClient;

const HealthGrpc = (
  grpc.loadPackageDefinition(
    protoLoader.loadSync(HEALTH_FILE, { defaults: true, enums: String }),
  ) as unknown as { grpc: { health: { v1: { Health: HealthConstructor } } } }
).grpc.health.v1.Health;

const servers: Server[] = [];
const clients: grpc.Client[] = [];

afterEach(async () => {
  for (const made of clients.splice(0)) made.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(
  shutdownDelayMs = 0,
): Promise<{ server: Server; health: HealthService; port: number }> {
  const server = new Server({ protocols: [httpProtocols()] });
  servers.push(server);
  const health = addHealth(server, { shutdownDelayMs });
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, health, port };
}

function client(port: number, options: grpc.ChannelOptions = {}): HealthClient {
  const made = new HealthGrpc(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  clients.push(made);
  return made;
}

function check(stub: HealthClient, service: string): Promise<string> {
  return new Promise((resolve) => {
    stub.Check({ service }, new grpc.Metadata(), { deadline: Date.now() + LIMIT }, (error, value) =>
      resolve(error === null ? String(value?.status) : `error ${grpc.status[error.code]}`),
    );
  });
}

/**
 * What the kubelet's gRPC probe does: a new plaintext HTTP/2 connection per probe, one
 * grpc.health.v1 Check of the configured service (default "") within the probe's timeout,
 * success only on SERVING. Returns 'OK' or why the probe failed.
 */
async function kubeletProbe(port: number, service = ''): Promise<string> {
  const stub = new HealthGrpc(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.primary_user_agent': 'kube-probe/1.31',
  });
  try {
    const status = await check(stub, service);
    return status === 'SERVING' ? 'OK' : `service unhealthy (responded with "${status}")`;
  } finally {
    stub.close();
  }
}

/** Every message of a Watch and how it ended, as they come. */
function watch(stub: HealthClient, service: string) {
  const call = stub.Watch({ service });
  const messages: string[] = [];
  const waiters: (() => void)[] = [];
  let end: string | undefined;
  const changed = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  call.on('data', (message: CheckResponse) => {
    messages.push(message.status);
    changed();
  });
  call.on('error', (error: grpc.ServiceError) => {
    end = grpc.status[error.code];
    changed();
  });
  call.on('status', (status: grpc.StatusObject) => {
    end ??= grpc.status[status.code];
    changed();
  });
  return {
    call,
    messages,
    get end() {
      return end;
    },
    /** Resolves once `condition` holds (fails after {@link LIMIT} ms). */
    async until(condition: () => boolean, what: string): Promise<void> {
      const giveUp = Date.now() + LIMIT;
      while (!condition()) {
        if (Date.now() > giveUp) throw new Error(`${what}: not within ${LIMIT} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

describe('grpc.health.v1 over gRPC, to a grpc-js client', () => {
  it('is served from exactly grpc/grpc-proto health.proto', () => {
    expect(HEALTH_PROTO).toBe(readFileSync(HEALTH_FILE, 'utf8'));
  });

  it('answers Check: SERVING for the whole server, by status for a set service, NOT_FOUND for an unknown one', async () => {
    const { health, port } = await serve();
    const stub = client(port);
    expect(await check(stub, '')).toBe('SERVING');
    health.setStatus('demo.Greeter', 'NOT_SERVING');
    expect(await check(stub, 'demo.Greeter')).toBe('NOT_SERVING');
    expect(await check(stub, 'demo.Missing')).toBe('error NOT_FOUND');
  });

  it('streams Watch: the current status, every change, SERVICE_UNKNOWN while unknown; NOT_SERVING and the end on shutdown', async () => {
    const { server, health, port } = await serve();
    const stub = client(port);
    const whole = watch(stub, '');
    const named = watch(stub, 'svc');
    await whole.until(() => whole.messages.length === 1, 'first status');
    await named.until(() => named.messages.length === 1, 'first status');
    expect(whole.messages).toEqual(['SERVING']);
    expect(named.messages).toEqual(['SERVICE_UNKNOWN']);
    health.setStatus('svc', 'SERVING');
    await named.until(() => named.messages.length === 2, 'SERVING');
    health.setStatus('svc', 'NOT_SERVING');
    await named.until(() => named.messages.length === 3, 'NOT_SERVING');
    health.setStatus('svc', 'SERVING');
    await named.until(() => named.messages.length === 4, 'SERVING again');
    expect(named.messages).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVING']);
    expect(whole.end).toBeUndefined();

    let drained = false;
    const shutdown = server.shutdown({ drainTimeoutMs: 10_000 }).then(() => {
      drained = true;
    });
    await whole.until(() => whole.messages.length === 2, 'NOT_SERVING on shutdown');
    expect(drained).toBe(false);
    await named.until(() => named.end !== undefined, 'the end of the watch');
    await whole.until(() => whole.end !== undefined, 'the end of the watch');
    expect(whole.messages).toEqual(['SERVING', 'NOT_SERVING']);
    expect(named.messages.at(-1)).toBe('NOT_SERVING');
    expect([whole.end, named.end]).toEqual(['OK', 'OK']);
    const started = Date.now();
    await shutdown;
    // The watches did not hold the drain until its timeout.
    expect(Date.now() - started).toBeLessThan(LIMIT);
  });
});

describe('a Kubernetes gRPC probe (plaintext HTTP/2, grpc.health.v1 Check)', () => {
  it('succeeds while SERVING and fails with NOT_SERVING once the shutdown began', async () => {
    const { server, health, port } = await serve(500);
    health.setStatus('demo.Greeter', 'SERVING');
    expect(await kubeletProbe(port)).toBe('OK');
    expect(await kubeletProbe(port, 'demo.Greeter')).toBe('OK');
    const shutdown = server.shutdown();
    expect(await kubeletProbe(port)).toBe('service unhealthy (responded with "NOT_SERVING")');
    expect(await kubeletProbe(port, 'demo.Greeter')).toBe(
      'service unhealthy (responded with "NOT_SERVING")',
    );
    await shutdown;
    expect(await kubeletProbe(port)).toBe('service unhealthy (responded with "error UNAVAILABLE")');
  });
});
