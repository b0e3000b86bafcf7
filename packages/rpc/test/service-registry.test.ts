import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ServiceRegistry } from '../src/server/service-registry.js';
import { loadProtoSync } from '../src/service/proto-loading.js';
import { staticService } from '../src/service/static-service.js';
import { yrpc } from './fixtures/echo-static.js';

const echoProto = fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url));

describe('ServiceRegistry', () => {
  it('dispatches by either name form to handlers of every kind', () => {
    const registry = new ServiceRegistry().add(loadProtoSync(echoProto).service('yrpc.test.Echo'), {
      Echo: (request) => request,
      *Sleep() {
        yield* [];
        return {};
      },
      async fail() {
        return {};
      },
    });
    expect(registry.lookup('/yrpc.test.Echo/Echo')?.kind).toBe('plain');
    expect(registry.lookup('yrpc.test.Echo.Sleep')?.kind).toBe('coroutine');
    expect(registry.lookup('yrpc.test.Echo/Fail')?.kind).toBe('async');
    expect(registry.lookup('/yrpc.test.Echo/Watch')?.handler).toBeUndefined();
    expect(registry.lookup('/yrpc.test.Echo/Nope')).toBeUndefined();
    expect(registry.lookup('garbage')).toBeUndefined();
    expect(registry.paths()).toHaveLength(5);
  });

  it('types static-code implementations by the generated classes', () => {
    const registry = new ServiceRegistry().add(staticService(yrpc.test.Echo, yrpc), {
      echo: (request) => ({ text: request.text ?? '', number: (request.number ?? 0) + 1 }),
    });
    const method = registry.lookup('/yrpc.test.Echo/Echo');
    expect(method?.definition.responseType).toBe(yrpc.test.EchoReply);
  });

  it('rejects an implementation key that names no method', () => {
    const echo = loadProtoSync(echoProto).service('yrpc.test.Echo');
    expect(() => new ServiceRegistry().add(echo, { Ecko: () => ({}) })).toThrowError(
      /has Ecko, which is not a method of the service \(methods: Echo, Sleep, SleepAsync, Fail, Watch\)/,
    );
  });

  it('rejects registering a method twice and a handler that is not a function', () => {
    const echo = loadProtoSync(echoProto).service('yrpc.test.Echo');
    const registry = new ServiceRegistry().add(echo, {});
    expect(() => registry.add(echo, {})).toThrowError(
      expect.objectContaining({ code: 'DUPLICATE_METHOD' }),
    );
    expect(() =>
      new ServiceRegistry().add(echo, { Echo: 42 as unknown as () => unknown }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_HANDLER' }));
  });
});
