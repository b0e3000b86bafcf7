import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallEnd,
  Client,
  type ClientInterceptor,
  type DynamicMessage,
  type MethodDefinition,
  Server,
  type ServerInterceptor,
  Status,
} from '../src/index.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { type FreezableProxy, startProxy } from './helpers/freezable-proxy.js';
import { eventually, rejection } from './helpers/harness.js';
import { destroyAllPeers, RawPeer } from './helpers/raw-peer.js';
import { asyncNumbers, Numbers } from './helpers/streams-service.js';

const ECHO = Client.method(Echo, 'Echo') as MethodDefinition;
const FAIL = Client.method(Echo, 'Fail') as MethodDefinition;
const SLEEP = Client.method(Echo, 'Sleep') as MethodDefinition;
const NUMBERS_ECHO = Client.method(Numbers, 'Echo') as MethodDefinition;

function encodedRequest(method: MethodDefinition, message: unknown): number {
  return method.requestType.encode(message).finish().length;
}
function encodedResponse(method: MethodDefinition, message: unknown): number {
  return method.responseType.encode(message).finish().length;
}

/** Ends seen by a server interceptor and a client interceptor, by method. */
interface Seen {
  readonly server: CallEnd[];
  readonly client: CallEnd[];
}

function recorders(seen: Seen): { server: ServerInterceptor; client: ClientInterceptor } {
  return {
    server: (request, context, next) => {
      context.onEnd((end) => seen.server.push(end));
      return next(request);
    },
    client: (request, options, call, next) => {
      call.onEnd((end) => seen.client.push(end));
      return next(request, options);
    },
  };
}

describe('call end hooks over loopback', () => {
  let server: Server | undefined;
  let client: Client | undefined;
  let proxy: FreezableProxy | undefined;
  let seen: Seen;
  afterEach(async () => {
    destroyAllPeers();
    await client?.close();
    await proxy?.close();
    await server?.close();
    client = undefined;
    proxy = undefined;
    server = undefined;
  });

  async function start(options: { proxied?: boolean } = {}) {
    seen = { server: [], client: [] };
    const { server: serverInterceptor, client: clientInterceptor } = recorders(seen);
    server = new Server({ interceptors: [serverInterceptor] })
      .addService(Echo, echoImplementation({ events: [] }))
      .addService(Numbers, asyncNumbers({ events: [] }));
    const bound = await server.listen({ host: '127.0.0.1', port: 0 });
    let endpoint = { host: '127.0.0.1', port: bound.port };
    if (options.proxied === true) {
      proxy = await startProxy(bound);
      endpoint = proxy.endpoint;
    }
    client = new Client(endpoint, { interceptors: [clientInterceptor] });
    return { port: bound.port, echo: client.service(Echo), numbers: client.service(Numbers) };
  }

  it('tells both sides of a call answered OK, once, with the encoded sizes', async () => {
    const { echo } = await start();
    const request = { text: 'hello', payload: new Uint8Array(100), number: 7 };
    await echo.echo(request);
    await eventually(() => seen.server.length === 1 && seen.client.length === 1);
    const expected: CallEnd = {
      status: Status.OK,
      error: undefined,
      requestBytes: encodedRequest(ECHO, request),
      responseBytes: encodedResponse(ECHO, request),
      requestMessages: 1,
      responseMessages: 1,
    };
    expect(expected.requestBytes).toBeGreaterThan(100);
    expect(seen.server).toEqual([expected]);
    expect(seen.client).toEqual([expected]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.server).toHaveLength(1);
    expect(seen.client).toHaveLength(1);
  });

  it('tells the status and error of a call whose handler threw', async () => {
    const { echo } = await start();
    const request = { code: Status.NOT_FOUND, message: 'no such thing' };
    await rejection(echo.fail(request));
    await eventually(() => seen.server.length === 1 && seen.client.length === 1);
    for (const end of [seen.server[0], seen.client[0]]) {
      expect(end).toMatchObject({
        status: Status.NOT_FOUND,
        requestBytes: encodedRequest(FAIL, request),
        responseBytes: 0,
        requestMessages: 1,
        responseMessages: 0,
      });
      expect(end?.error?.code).toBe(Status.NOT_FOUND);
      expect(end?.error?.message).toContain('no such thing');
    }
  });

  it('tells CANCELLED on both sides when the caller aborts', async () => {
    const { echo } = await start();
    const controller = new AbortController();
    const call = echo.sleepAsync({ ms: 5000 }, { signal: controller.signal });
    await eventually(() => server?.connections === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect((await rejection(call)).code).toBe(Status.CANCELLED);
    await eventually(() => seen.server.length === 1 && seen.client.length === 1);
    expect(seen.client[0]).toMatchObject({ status: Status.CANCELLED, responseMessages: 0 });
    expect(seen.server[0]).toMatchObject({ status: Status.CANCELLED, requestMessages: 1 });
  });

  it('tells DEADLINE_EXCEEDED on the client for a local deadline', async () => {
    const { echo } = await start();
    expect((await rejection(echo.sleep({ ms: 5000 }, { timeoutMs: 50 }))).code).toBe(
      Status.DEADLINE_EXCEEDED,
    );
    expect(seen.client).toHaveLength(1);
    expect(seen.client[0]).toMatchObject({
      status: Status.DEADLINE_EXCEEDED,
      requestBytes: encodedRequest(SLEEP, { ms: 5000 }),
      requestMessages: 1,
      responseBytes: 0,
      responseMessages: 0,
    });
    // The server hears of it by CANCEL (whose reason says deadline) or by its own timer,
    // whichever comes first: DEADLINE_EXCEEDED either way.
    await eventually(() => seen.server.length === 1);
    expect(seen.server[0]?.status).toBe(Status.DEADLINE_EXCEEDED);
  });

  it('tells DEADLINE_EXCEEDED on the server when its deadline timer answers', async () => {
    const { port } = await start();
    const peer = await RawPeer.connect(port);
    peer.request(
      1,
      'yrpc.test.Echo/SleepAsync',
      SLEEP.requestType.encode({ ms: 5000 }).finish(),
      50,
    );
    await eventually(() => seen.server.length === 1);
    expect(seen.server[0]).toMatchObject({
      status: Status.DEADLINE_EXCEEDED,
      requestMessages: 1,
      responseMessages: 0,
    });
    expect(seen.server[0]?.error?.code).toBe(Status.DEADLINE_EXCEEDED);
  });

  it('tells UNAVAILABLE on the client when its connection is lost mid-call', async () => {
    const { echo } = await start({ proxied: true });
    const call = echo.sleepAsync({ ms: 5000 });
    await eventually(() => proxy?.connections === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    proxy?.drop();
    expect((await rejection(call)).code).toBe(Status.UNAVAILABLE);
    expect(seen.client).toHaveLength(1);
    expect(seen.client[0]).toMatchObject({ status: Status.UNAVAILABLE, requestMessages: 1 });
    // The server saw a half-close (FIN): it still runs the call, to answer it.
    expect(seen.server).toEqual([]);
  });

  it('tells UNAVAILABLE on the server when its connection is reset mid-call', async () => {
    const { port } = await start();
    const peer = await RawPeer.connect(port);
    peer.request(1, 'yrpc.test.Echo/SleepAsync', SLEEP.requestType.encode({ ms: 5000 }).finish());
    await eventually(() => server?.connections === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    peer.socket.resetAndDestroy();
    await eventually(() => seen.server.length === 1);
    expect(seen.server[0]).toMatchObject({ status: Status.UNAVAILABLE, requestMessages: 1 });
    expect(seen.server[0]?.error?.code).toBe(Status.UNAVAILABLE);
  });

  it('tells UNAVAILABLE on both sides when the server closes', async () => {
    const { echo } = await start();
    const call = echo.sleepAsync({ ms: 5000 });
    await eventually(() => server?.connections === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server?.close();
    expect((await rejection(call)).code).toBe(Status.UNAVAILABLE);
    await eventually(() => seen.server.length === 1 && seen.client.length === 1);
    expect(seen.server[0]).toMatchObject({ status: Status.UNAVAILABLE });
    expect(seen.server[0]?.error?.message).toContain('the server is closing');
    expect(seen.client[0]?.status).toBe(Status.UNAVAILABLE);
  });

  it('tells UNAVAILABLE on the client when it cannot connect', async () => {
    seen = { server: [], client: [] };
    client = new Client(
      { host: '127.0.0.1', port: 1 },
      { interceptors: [recorders(seen).client], reconnect: { attempts: 1 } },
    );
    await rejection(client.service(Echo).echo({ text: 'x' }));
    expect(seen.client).toHaveLength(1);
    expect(seen.client[0]).toMatchObject({
      status: Status.UNAVAILABLE,
      requestMessages: 0,
      requestBytes: 0,
    });
  });

  it('tells one end per call across retries, adding up the attempts', async () => {
    seen = { server: [], client: [] };
    let runs = 0;
    server = new Server({ interceptors: [recorders(seen).server] }).addService(Echo, {
      ...echoImplementation({ events: [] }),
      echo(request) {
        runs++;
        // The first run loses its connection before its answer leaves.
        if (runs === 1) proxy?.drop();
        return { text: request.text ?? '' };
      },
    });
    proxy = await startProxy(await server.listen({ host: '127.0.0.1', port: 0 }));
    client = new Client(proxy.endpoint, {
      interceptors: [recorders(seen).client],
      retry: { idempotentMethods: ['yrpc.test.Echo/Echo'], initialDelayMs: 5 },
    });
    const request = { text: 'again' };
    await expect(client.service(Echo).echo(request, { timeoutMs: 5000 })).resolves.toMatchObject(
      request,
    );
    expect(runs).toBe(2);
    expect(seen.client).toHaveLength(1);
    expect(seen.client[0]).toMatchObject({
      status: Status.OK,
      requestMessages: 2,
      requestBytes: 2 * encodedRequest(ECHO, request),
      responseMessages: 1,
      responseBytes: encodedResponse(ECHO, { text: 'again' }),
    });
  });

  it('counts the messages and bytes of a bidi stream on both sides', async () => {
    const { numbers } = await start();
    const requests = [1, 2, 3, 4, 5].map((value) => ({
      value,
      payload: new Uint8Array(value * 10),
    }));
    const stream = (
      numbers as unknown as Record<
        string,
        (requests: Iterable<unknown>) => AsyncIterable<DynamicMessage>
      >
    ).echo?.(requests) as AsyncIterable<DynamicMessage>;
    const received: DynamicMessage[] = [];
    for await (const message of stream) received.push(message);
    expect(received).toHaveLength(5);
    await eventually(() => seen.server.length === 1 && seen.client.length === 1);
    const bytes = requests.reduce((sum, request) => sum + encodedRequest(NUMBERS_ECHO, request), 0);
    const expected: CallEnd = {
      status: Status.OK,
      error: undefined,
      requestBytes: bytes,
      responseBytes: bytes,
      requestMessages: 5,
      responseMessages: 5,
    };
    expect(seen.server).toEqual([expected]);
    expect(seen.client).toEqual([expected]);
  });

  it('calls a listener registered after the end at once, and a plain handler may listen', async () => {
    seen = { server: [], client: [] };
    const late: CallEnd[] = [];
    let context: { onEnd(listener: (end: CallEnd) => void): void } | undefined;
    server = new Server().addService(Echo, {
      ...echoImplementation({ events: [] }),
      echo(request, callContext) {
        context = callContext;
        callContext.onEnd((end) => seen.server.push(end));
        return { text: request.text ?? '' };
      },
    });
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    let info: { onEnd(listener: (end: CallEnd) => void): void } | undefined;
    client = new Client(
      { host: '127.0.0.1', port },
      {
        interceptors: [
          (request, options, call, next) => {
            info = call;
            return next(request, options);
          },
        ],
      },
    );
    await client.service(Echo).echo({ text: 'late' });
    expect(seen.server).toHaveLength(1);
    expect(seen.server[0]?.status).toBe(Status.OK);
    context?.onEnd((end) => late.push(end));
    info?.onEnd((end) => late.push(end));
    expect(late).toHaveLength(2);
    expect(late[0]).toEqual(seen.server[0]);
    expect(late[1]).toMatchObject({ status: Status.OK, requestMessages: 1, responseMessages: 1 });
  });
});
