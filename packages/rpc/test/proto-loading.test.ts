import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { loadProto, loadProtoSync } from '../src/service/proto-loading.js';
import { serviceFromReflection } from '../src/service/reflection-service.js';

const echoProto = fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url));

describe('loadProto', () => {
  it('finds every service with resolved codecs', async () => {
    const proto = await loadProto(echoProto);
    const echo = proto.service('yrpc.test.Echo');
    expect([...echo.methods.keys()]).toEqual(['Echo', 'Sleep', 'SleepAsync', 'Fail', 'Watch']);
    const method = echo.methods.get('Echo');
    expect(method?.path).toBe('/yrpc.test.Echo/Echo');
    expect(method?.localName).toBe('echo');
    expect(echo.methods.get('Watch')?.responseStream).toBe(true);
    expect(method?.requestStream).toBe(false);
    const bytes = method?.requestType.encode({ text: 'hi', number: 7 }).finish();
    expect(method?.requestType.decode(bytes as Uint8Array)).toMatchObject({
      text: 'hi',
      number: 7,
    });
  });

  it('loads synchronously too', () => {
    expect(loadProtoSync([echoProto]).services.has('yrpc.test.Echo')).toBe(true);
  });

  it('names the file when it is not there', async () => {
    await expect(loadProto('/nonexistent/x.proto')).rejects.toMatchObject({
      code: 'PROTO_NOT_FOUND',
      message: expect.stringContaining('/nonexistent/x.proto'),
    });
  });

  it('lists the services there are when one is missing', () => {
    expect(() => loadProtoSync(echoProto).service('yrpc.test.Nope')).toThrowError(
      /yrpc\.test\.Nope is not defined \(services found: yrpc\.test\.Echo\)/,
    );
  });

  it('reports a method whose type does not resolve', () => {
    const service = new protobuf.Service('Broken');
    service.add(new protobuf.Method('Do', 'rpc', 'Missing', 'Missing'));
    new protobuf.Root().add(service);
    expect(() => serviceFromReflection(service)).toThrowError(
      expect.objectContaining({ code: 'TYPE_NOT_FOUND' }),
    );
  });
});
