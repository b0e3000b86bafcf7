import { describe, expect, it } from 'vitest';
import { staticService } from '../src/service/static-service.js';
import { yrpc } from './fixtures/echo-static.js';

describe('staticService', () => {
  it('reads paths and codecs off protobufjs static code', () => {
    for (const types of [yrpc, yrpc.test]) {
      const echo = staticService(yrpc.test.Echo, types);
      expect(echo.name).toBe('yrpc.test.Echo');
      const method = echo.methods.get('Echo');
      expect(method?.path).toBe('/yrpc.test.Echo/Echo');
      expect(method?.requestType).toBe(yrpc.test.EchoRequest);
      expect(method?.responseType).toBe(yrpc.test.EchoReply);
      expect(echo.methods.get('Sleep')?.requestType).toBe(yrpc.test.SleepRequest);
      expect(echo.methods.get('Watch')?.responseStream).toBe(true);
    }
  });

  it('says where a type was not found', () => {
    expect(() => staticService(yrpc.test.Echo, {})).toThrowError(
      /method \/yrpc\.test\.Echo\/Echo: message type EchoRequest not found/,
    );
  });

  it('rejects a class that is not static code', () => {
    class NotAService {}
    expect(() => staticService(NotAService, yrpc)).toThrowError(
      expect.objectContaining({ code: 'SERVICE_NOT_FOUND' }),
    );
  });
});
