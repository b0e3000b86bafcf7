import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallContext,
  Client,
  type ClientEndpoint,
  type ClientInterceptor,
  type ClientOptions,
  InvalidOptionError,
  type Metadata,
  RpcError,
  run,
  Server,
  type ServerInterceptor,
  Status,
  sleep,
} from '../src/index.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { type Harness, rejection, startEchoServer } from './helpers/harness.js';

interface Received {
  headers: Metadata;
  trailers: Metadata;
}

/** Call options that record the response metadata of one call. */
function recorder(): { received: Received[]; onMetadata(h: Metadata, t: Metadata): void } {
  const received: Received[] = [];
  return { received, onMetadata: (headers, trailers) => received.push({ headers, trailers }) };
}

/** Sets a header and a trailer naming the handler's kind and the request's text. */
function tag(context: CallContext, kind: string, text: string): void {
  context.setHeader('x-kind', kind);
  context.setTrailer('x-text', text);
}

describe('CallContext response headers and trailers', () => {
  let server: Server | undefined;
  let harness: Harness | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await harness?.close();
    harness = undefined;
    await server?.close();
    server = undefined;
  });

  function client(endpoint: ClientEndpoint, options: ClientOptions = {}): Client {
    const made = new Client(endpoint, options);
    clients.push(made);
    return made;
  }

  async function startTagging(interceptors: ServerInterceptor[] = []) {
    const seen: { key: string | undefined; metadata: Metadata }[] = [];
    server = new Server({ interceptors }).addService(Echo, {
      ...echoImplementation({ events: [] }),
      echo(request, context) {
        seen.push({ key: context.idempotencyKey, metadata: context.metadata });
        tag(context, 'plain', request.text ?? '');
        return { text: request.text ?? '' };
      },
      *sleep(request, context) {
        yield* sleep(request.ms ?? 0);
        tag(context, 'coroutine', String(request.ms));
        return { text: 'slept' };
      },
      async sleepAsync(request, context) {
        await new Promise((resolve) => setTimeout(resolve, request.ms ?? 0));
        tag(context, 'async', String(request.ms));
        return { text: 'slept' };
      },
      fail(request, context) {
        context.setHeader('x-early', 'h');
        context.setTrailer('x-why', request.message ?? '');
        throw new RpcError(Status.FAILED_PRECONDITION, request.message ?? '', {
          metadata: [{ key: 'x-own', value: 'o' }],
        });
      },
    });
    const bound = await server.listen({ host: '127.0.0.1', port: 0 });
    const endpoint = { host: bound.host ?? '127.0.0.1', port: bound.port ?? 0 };
    return { seen, endpoint, echo: client(endpoint).service(Echo) };
  }

  it('hands what plain, async and coroutine handlers set to promise, callback and coroutine callers', async () => {
    const { echo } = await startTagging();

    const promised = recorder();
    await expect(
      echo.echo({ text: 'p' }, { onMetadata: promised.onMetadata }),
    ).resolves.toMatchObject({ text: 'p' });
    expect(promised.received).toEqual([
      { headers: { 'x-kind': 'plain' }, trailers: { 'x-text': 'p' } },
    ]);

    const calledBack = recorder();
    const reply = await new Promise<unknown>((resolve, reject) => {
      echo.sleepAsync({ ms: 5 }, { onMetadata: calledBack.onMetadata }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
    expect(reply).toEqual({ text: 'slept' });
    expect(calledBack.received).toEqual([
      { headers: { 'x-kind': 'async' }, trailers: { 'x-text': '5' } },
    ]);

    const coroutine = recorder();
    const result = await run(function* () {
      return yield* echo.sleep.co({ ms: 3 }, { onMetadata: coroutine.onMetadata });
    }).promise;
    expect(result).toEqual({ text: 'slept' });
    expect(coroutine.received).toEqual([
      { headers: { 'x-kind': 'coroutine' }, trailers: { 'x-text': '3' } },
    ]);
  });

  it('tells empty headers and trailers when the handler set none', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const { received, onMetadata } = recorder();
    await echo.echo({ text: 'none' }, { onMetadata });
    expect(received).toEqual([{ headers: {}, trailers: {} }]);
  });

  it('sends what a failing handler set with the error trailers, after the error own', async () => {
    const { echo } = await startTagging();
    const { received, onMetadata } = recorder();
    const error = await rejection(echo.fail({ message: 'not yet' }, { onMetadata }));
    expect(error.code).toBe(Status.FAILED_PRECONDITION);
    expect(error.metadata).toEqual([
      { key: 'x-own', value: 'o' },
      { key: 'x-early', value: 'h' },
      { key: 'x-why', value: 'not yet' },
    ]);
    expect(received).toEqual([]);
  });

  it('lets a server interceptor add headers and a client interceptor see them', async () => {
    const stamping: ServerInterceptor = async (request, context, next) => {
      context.setHeader('x-server', 'yrpc');
      const response = await next(request);
      context.setTrailer('x-done', 'yes');
      return response;
    };
    const { endpoint } = await startTagging([stamping]);
    const seenByInterceptor: Received[] = [];
    const watching: ClientInterceptor = (request, options, _call, next) =>
      next(request, {
        ...options,
        onMetadata(headers, trailers) {
          seenByInterceptor.push({ headers, trailers });
          options.onMetadata?.(headers, trailers);
        },
      });
    const intercepted = client(endpoint, { interceptors: [watching] }).service(Echo);
    const { received, onMetadata } = recorder();
    await intercepted.echo({ text: 'i' }, { onMetadata });
    const expected = {
      headers: { 'x-server': 'yrpc', 'x-kind': 'plain' },
      trailers: { 'x-text': 'i', 'x-done': 'yes' },
    };
    expect(seenByInterceptor).toEqual([expected]);
    expect(received).toEqual([expected]);
  });

  it('carries CallOptions.idempotencyKey in the request meta, not in the metadata', async () => {
    const { echo, seen } = await startTagging();
    await echo.echo({ text: 'k' }, { idempotencyKey: 'order-42', metadata: { a: 'b' } });
    await echo.echo({ text: 'k' });
    expect(seen).toEqual([
      { key: 'order-42', metadata: { a: 'b' } },
      { key: undefined, metadata: {} },
    ]);
    // 33 characters, 66 bytes in UTF-8: over the 64 bytes RequestMeta allows.
    await expect(echo.echo({}, { idempotencyKey: 'é'.repeat(33) })).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
    expect(seen).toHaveLength(2);
  });
});
