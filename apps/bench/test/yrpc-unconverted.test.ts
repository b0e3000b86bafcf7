import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { loadUnconvertedYrpcEcho, loadYrpcEcho } from '../src/targets/yrpc/yrpc-echo-service.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-unconverted-client.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-unconverted-server.js';
import { describeOptInTarget } from './opt-in-target.js';
import { withUnconvertedRounds } from './sample-results.js';

describeOptInTarget({
  name: 'yrpc-unconverted',
  startEchoServer,
  connectEchoClient,
  results: withUnconvertedRounds([400_000, 400_000, 460_000]),
  row: '| 64 in flight · 16 B · 1 conn | yrpc-unconverted | 400.0k ±8% |',
  // yrpc's rounds 400k, 380k, 420k ÷ these: 1.00, 0.95, 0.91.
  goalRows: [
    "| calls/s at 64 in flight, 16 B: at least 95% of yrpc-unconverted's " +
      '(message conversion costs at most 5%) | 0.95× (0.91–1.00) | met |',
  ],
});

describe('the yrpc-unconverted Echo service', () => {
  const loaded = loadYrpcEcho();
  const { service, echo } = loadUnconvertedYrpcEcho();

  it('has the protobufjs reflection Types as its codecs, where yrpc has converting ones', () => {
    expect(echo.requestType).toBeInstanceOf(protobuf.Type);
    expect(echo.responseType).toBeInstanceOf(protobuf.Type);
    expect((echo.requestType as protobuf.Type).fullName).toBe('.yrpc.bench.EchoRequest');
    expect((echo.responseType as protobuf.Type).fullName).toBe('.yrpc.bench.EchoReply');
    // No conversion to choose options for: a Server or Client uses them as they are.
    expect(echo.requestType.forEndpoint).toBeUndefined();
    expect(echo.responseType.forEndpoint).toBeUndefined();
    expect(loaded.echo.requestType).not.toBeInstanceOf(protobuf.Type);
  });

  it("keeps the rest of the loaded method and the service's name", () => {
    const codecsAside = { requestType: undefined, responseType: undefined };
    expect({ ...echo, ...codecsAside }).toEqual({ ...loaded.echo, ...codecsAside });
    expect(service.name).toBe('yrpc.bench.Echo');
    expect([...service.methods]).toEqual([['Echo', echo]]);
  });

  it('decodes into protobufjs message instances, nothing checked or converted', () => {
    const payload = Buffer.from('sixteen bytes...');
    const decoded = echo.responseType.decode(echo.requestType.encode({ payload }).finish());
    expect(decoded).toBeInstanceOf(protobuf.Message);
    expect(Buffer.compare((decoded as { payload: Uint8Array }).payload, payload)).toBe(0);
  });
});
