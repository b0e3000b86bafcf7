import type { ClientStream } from '../../src/client/client-stream.js';
import {
  type CallContext,
  type CallOptions,
  Client,
  type ClientOptions,
  type DynamicMessage,
  type Operation,
  RpcError,
  type Server,
  type ServiceImplementation,
  Status,
  type StatusCode,
} from '../../src/index.js';
import type { ServerStream } from '../../src/server/server-stream.js';
import { Numbers, numbersServer } from '../helpers/streams-service.js';

// What the tests of test/streaming share: the Numbers service (test/fixtures/streams.proto: Double
// unary, Count server streaming, Add client streaming, Echo bidi), its handlers in both shapes, a
// server and clients on loopback that `cleanUp` closes after each test, and small waiting tools.

export { Numbers };

/** A message of the Numbers service (`Number` or `Sum`). */
export type Msg = DynamicMessage;

/** A server stream as a coroutine handler of Numbers receives it. */
export type NumbersServerStream = ServerStream<Msg, Msg>;

/** A client stream of Numbers. */
export type NumbersClientStream = ClientStream<Msg, Msg>;

/** Requests a stub sends: an Iterable or an AsyncIterable. */
export type Requests = Iterable<Msg> | AsyncIterable<Msg>;

/** Callback of a client-streaming call. */
export type SumCallback = (error: Error | null, response?: Msg) => void;

/**
 * The client stub of Numbers as the streaming API describes it (README, Streaming). Stubs of a
 * service loaded at run time are loosely typed, so the tests state the shapes they rely on here.
 */
export interface NumbersStub {
  double(request: Msg, options?: CallOptions): Promise<Msg>;
  count: {
    (request: Msg, options?: CallOptions): NumbersClientStream;
    co(request: Msg, options?: CallOptions): Operation<NumbersClientStream>;
  };
  add: {
    (requests: Requests, options?: CallOptions): Promise<Msg>;
    (callback: SumCallback): NumbersClientStream;
    (options: CallOptions | undefined, callback: SumCallback): NumbersClientStream;
    co(options?: CallOptions): Operation<NumbersClientStream>;
  };
  echo: {
    (requests: Requests, options?: CallOptions): NumbersClientStream;
    (options?: CallOptions): NumbersClientStream;
    co(options?: CallOptions): Operation<NumbersClientStream>;
  };
}

/** No heartbeats: the tests decide when connections end. */
export const QUIET = { heartbeat: { intervalMs: 0 } } as const;

const MiB = 1024 * 1024;

/** The smallest windows the options take with 16 MiB frames (the default max frame size). */
export const SMALL_WINDOWS = {
  streamWindow: 16 * MiB,
  connectionWindow: 32 * MiB,
} as const;

const servers: Server[] = [];
const clients: Client[] = [];

/** A running Numbers server on loopback, closed by {@link cleanUp}. */
export interface Served {
  readonly server: Server;
  readonly port: number;
  /** A new client of this server (its own connection), closed by {@link cleanUp}. */
  client(options?: ClientOptions): Client;
  /** The Numbers stub of a new client of this server. */
  stub(options?: ClientOptions): NumbersStub;
  /**
   * The Numbers stub of a new client whose connection is open already (the first connection of a
   * process takes a while), for tests that time their calls.
   */
  connectedStub(options?: ClientOptions): Promise<NumbersStub>;
}

/** Starts a Numbers server with `implementation` on 127.0.0.1, port 0. */
export async function serve(
  implementation: object,
  options: ConstructorParameters<typeof Server>[0] = {},
): Promise<Served> {
  const { server, port } = await numbersServer(implementation as ServiceImplementation<unknown>, {
    ...QUIET,
    ...options,
  });
  servers.push(server);
  const client = (clientOptions: ClientOptions = {}): Client => {
    const made = new Client({ host: '127.0.0.1', port }, { ...QUIET, ...clientOptions });
    clients.push(made);
    return made;
  };
  return {
    server,
    port,
    client,
    stub: (clientOptions) => stubOf(client(clientOptions)),
    async connectedStub(clientOptions) {
      const made = client(clientOptions);
      await made.connect();
      return stubOf(made);
    },
  };
}

/** The Numbers stub of `client`. */
export function stubOf(client: Client): NumbersStub {
  return client.service(Numbers) as unknown as NumbersStub;
}

/** Closes every client and server the test started (for `afterEach`). */
export async function cleanUp(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
}

/** What handlers did, for the tests to check. */
export class HandlerLog {
  readonly events: string[] = [];
  /** Signals of the calls the handlers served, by method (`count`, `add`, `echo`). */
  readonly signals = new Map<string, AbortSignal>();

  add(event: string): void {
    this.events.push(event);
  }

  /** Forgets what happened so far (after a warm-up call). */
  clear(): void {
    this.events.length = 0;
    this.signals.clear();
  }

  /** Whether `event` happened. */
  has(event: string): boolean {
    return this.events.includes(event);
  }

  /** How often `event` happened. */
  count(event: string): number {
    return this.events.filter((e) => e === event).length;
  }
}

/**
 * Handlers of Numbers as async functions: `async function*` for Count and Echo, an async function
 * taking an AsyncIterable for Add. Each records start and finally, and its call's signal.
 */
export function asyncHandlers(log: HandlerLog) {
  return {
    double: (request: Msg) => ({ value: (request.value ?? 0) * 2 }),
    async *count(request: Msg, context: CallContext) {
      log.add('count:start');
      log.signals.set('count', context.signal);
      try {
        for (let i = 1; i <= (request.value ?? 0); i++) yield { value: i };
      } finally {
        log.add('count:finally');
      }
    },
    async add(requests: AsyncIterable<Msg>, context: CallContext) {
      log.add('add:start');
      log.signals.set('add', context.signal);
      try {
        let total = 0;
        let count = 0;
        for await (const request of requests) {
          total += request.value ?? 0;
          count++;
        }
        return { total, count };
      } finally {
        log.add('add:finally');
      }
    },
    async *echo(requests: AsyncIterable<Msg>, context: CallContext) {
      log.add('echo:start');
      log.signals.set('echo', context.signal);
      try {
        for await (const request of requests) {
          yield { value: request.value ?? 0, payload: request.payload };
        }
      } finally {
        log.add('echo:finally');
      }
    },
  };
}

/**
 * The same handlers as generator functions (coroutines): `stream.send` and `stream.receive` to
 * `yield*` on.
 */
export function coroutineHandlers(log: HandlerLog) {
  return {
    double: (request: Msg) => ({ value: (request.value ?? 0) * 2 }),
    *count(request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add('count:start');
      log.signals.set('count', stream.signal);
      try {
        for (let i = 1; i <= (request.value ?? 0); i++) yield* stream.send({ value: i });
      } finally {
        log.add('count:finally');
      }
    },
    *add(stream: NumbersServerStream): Operation<Msg> {
      log.add('add:start');
      log.signals.set('add', stream.signal);
      try {
        let total = 0;
        let count = 0;
        for (let request = yield* stream.receive(); request !== undefined; ) {
          total += request.value ?? 0;
          count++;
          request = yield* stream.receive();
        }
        return { total, count };
      } finally {
        log.add('add:finally');
      }
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      log.add('echo:start');
      log.signals.set('echo', stream.signal);
      try {
        for (let request = yield* stream.receive(); request !== undefined; ) {
          yield* stream.send({ value: request.value ?? 0, payload: request.payload });
          request = yield* stream.receive();
        }
      } finally {
        log.add('echo:finally');
      }
    },
  };
}

/** Every message of `stream`, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const message of stream) out.push(message);
  return out;
}

/** The values of `messages`. */
export function values(messages: readonly Msg[]): number[] {
  return messages.map((message) => message.value ?? 0);
}

/** `[1, 2, ..., n]`. */
export function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Waits `ms`, or rejects with the signal's reason once it aborts (a handler's sleep). */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls `condition` every few ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`${what} did not happen in ${timeoutMs} ms`);
    await delay(5);
  }
}

/** `promise`, or a failure naming `what` if it has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The RpcError `promise` rejects with (fails the test if it resolves or rejects otherwise). */
export async function failure(promise: PromiseLike<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected an RpcError, the call succeeded');
}

/** Asserts `error` is an RpcError with `code`; returns it. */
export function expectCode(error: unknown, code: StatusCode): RpcError {
  if (!(error instanceof RpcError)) {
    throw new Error(`expected an RpcError with code ${code}, got ${String(error)}`);
  }
  if (error.code !== code) {
    throw new Error(`expected code ${code}, got ${error.code}: ${error.message}`);
  }
  return error;
}

export { RpcError, Status };
