import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  type ClientInterceptor,
  currentCallContext,
  InvalidOptionError,
  RpcError,
  run,
  Server,
  type ServerInterceptor,
  Status,
} from '../src/index.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { eventually, type Harness, rejection, startEchoServer } from './helpers/harness.js';

const auth: ServerInterceptor = (request, context, next) => {
  if (context.metadata.authorization !== 'Bearer s3cret') {
    throw new RpcError(Status.UNAUTHENTICATED, 'missing or wrong authorization header');
  }
  return next(request);
};

const withToken: ClientInterceptor = (request, options, _call, next) =>
  next(request, { ...options, metadata: { ...options.metadata, authorization: 'Bearer s3cret' } });

describe('interceptors', () => {
  let harness: Harness | undefined;
  let server: Server | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await client?.close();
    client = undefined;
    await server?.close();
    server = undefined;
  });

  it('lets a server interceptor refuse calls and a client interceptor add the credentials', async () => {
    harness = await startEchoServer({ interceptors: [auth] });
    const anonymous = harness.client().service(Echo);
    const refused = await rejection(anonymous.echo({ text: 'hi' }));
    expect(refused.code).toBe(Status.UNAUTHENTICATED);
    expect(refused.message).toContain('missing or wrong authorization header');
    const trusted = harness.client({ interceptors: [withToken] }).service(Echo);
    await expect(trusted.echo({ text: 'hi' })).resolves.toMatchObject({ text: 'hi' });
    await expect(trusted.sleep({ ms: 1 })).resolves.toEqual({ text: 'slept' });
    await expect(trusted.sleepAsync({ ms: 1 })).resolves.toEqual({ text: 'slept' });
  });

  it('runs server interceptors first outermost, seeing outcomes (logging and metrics)', async () => {
    const log: string[] = [];
    const metrics = { calls: 0, failures: 0 };
    const logging: ServerInterceptor = async (request, context, next) => {
      log.push(`log:start ${context.method}`);
      try {
        return await next(request);
      } finally {
        log.push(`log:end ${context.method}`);
      }
    };
    const metering: ServerInterceptor = async (request, _context, next) => {
      metrics.calls++;
      try {
        return await next(request);
      } catch (error) {
        metrics.failures++;
        throw error;
      }
    };
    harness = await startEchoServer({ interceptors: [logging, metering] });
    const echo = harness.client().service(Echo);
    await echo.echo({ text: 'a' });
    const failure = await rejection(echo.fail({ code: Status.NOT_FOUND, message: 'nope' }));
    expect(failure.code).toBe(Status.NOT_FOUND);
    expect(log).toEqual([
      'log:start /yrpc.test.Echo/Echo',
      'log:end /yrpc.test.Echo/Echo',
      'log:start /yrpc.test.Echo/Fail',
      'log:end /yrpc.test.Echo/Fail',
    ]);
    expect(metrics).toEqual({ calls: 2, failures: 1 });
  });

  it('still halts an intercepted generator handler when its call expires', async () => {
    harness = await startEchoServer({ interceptors: [(request, _context, next) => next(request)] });
    const echo = harness.client().service(Echo);
    expect((await rejection(echo.sleep({ ms: 10_000 }, { timeoutMs: 100 }))).code).toBe(
      Status.DEADLINE_EXCEEDED,
    );
    await eventually(() => harness?.log.events.includes('sleep:finally') === true, 2000);
    expect(harness.log.events).not.toContain('sleep:done');
  });

  it('runs client interceptors around all three call styles', async () => {
    harness = await startEchoServer();
    const seen: string[] = [];
    const logging: ClientInterceptor = async (request, options, call, next) => {
      seen.push(`before ${call.method.path}`);
      const response = await next(request, options);
      seen.push(`after ${call.method.path}`);
      return response;
    };
    const echo = harness.client({ interceptors: [logging] }).service(Echo);
    await echo.echo({ text: 'promise' });
    await new Promise<void>((resolve, reject) =>
      echo.echo({ text: 'callback' }, (error) => (error ? reject(error) : resolve())),
    );
    await run(function* () {
      return yield* echo.echo.co({ text: 'coroutine' });
    }).promise;
    expect(seen).toEqual(
      Array(3).fill(['before /yrpc.test.Echo/Echo', 'after /yrpc.test.Echo/Echo']).flat(),
    );
  });

  it('cancels an intercepted call when its calling coroutine is halted', async () => {
    harness = await startEchoServer();
    const echo = harness.client({ interceptors: [(r, o, _c, next) => next(r, o)] }).service(Echo);
    const task = run(function* () {
      return yield* echo.sleepAsync.co({ ms: 10_000 });
    });
    task.promise.catch(() => {});
    await eventually(() => harness?.log.events.includes('async:start') === true, 2000);
    await task.halt();
    await eventually(() => harness?.log.events.includes('async:aborted') === true, 2000);
  });

  it("runs the handler inside next, turns a throw anywhere into the call's error, and keeps the call scope", async () => {
    const seen: string[] = [];
    const outer: ServerInterceptor = (request, _context, next) => {
      seen.push('outer before');
      const outcome = next(request);
      // The handler has run by the time next returns (nothing waits for a turn in between).
      seen.push('outer after next');
      return outcome.catch((error: unknown) => {
        seen.push(`outer saw ${(error as RpcError).code}`);
        throw error;
      });
    };
    server = new Server({ interceptors: [outer] }).addService(Echo, {
      ...echoImplementation({ events: [] }),
      echo: (request: { text?: string | null }) => {
        seen.push('handler');
        if (request.text === 'throw') throw new RpcError(Status.FAILED_PRECONDITION, 'no');
        return { text: request.text ?? '' };
      },
      sleepAsync: async () => {
        const before = currentCallContext();
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { text: currentCallContext() === before && before !== undefined ? 'kept' : 'lost' };
      },
    });
    const bound = await server.listen({ host: '127.0.0.1', port: 0 });
    client = new Client({ host: bound.host, port: bound.port });
    const echo = client.service(Echo);
    await expect(echo.echo({ text: 'hi' })).resolves.toMatchObject({ text: 'hi' });
    expect(seen).toEqual(['outer before', 'handler', 'outer after next']);
    seen.length = 0;
    const refused = await rejection(echo.echo({ text: 'throw' }));
    expect(refused.code).toBe(Status.FAILED_PRECONDITION);
    expect(seen).toEqual([
      'outer before',
      'handler',
      'outer after next',
      `outer saw ${Status.FAILED_PRECONDITION}`,
    ]);
    await expect(echo.sleepAsync({ ms: 1 })).resolves.toEqual({ text: 'kept' });
  });

  it('rejects an interceptor that is not a function, naming the option', () => {
    expect(() => new Server({ interceptors: [5 as never] })).toThrow(InvalidOptionError);
    expect(() => new Server({ interceptors: [5 as never] })).toThrow(/interceptors\.0/);
  });
});
