import { describe, expect, it } from 'vitest';
import { connectEchoClient as connectGrpcEchoClient } from '../src/targets/grpc-js/grpc-client.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-client.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-http-server.js';
import { echo } from './echo-call.js';
import { describeOptInTarget } from './opt-in-target.js';
import { withDetectingRounds } from './sample-results.js';

describeOptInTarget({
  name: 'yrpc-detecting',
  startEchoServer,
  connectEchoClient,
  // yrpc's rounds 400k, 380k, 420k; these ÷ those: 0.98, 1.00, 1.03.
  results: withDetectingRounds([392_000, 380_000, 432_600]),
  row: '| 64 in flight · 16 B · 1 conn | yrpc-detecting | 392.0k ±7% |',
  goalRows: [
    "| calls/s at 64 in flight, 16 B on a server that also serves HTTP: within 3% of yrpc's " +
      '(telling protocols apart costs the yrpc protocol nothing) | 1.00× (0.98–1.03) | met |',
  ],
});

describe('the yrpc-detecting server', () => {
  it('answers a yrpc client and a grpc-js client on the same port at once', async () => {
    const server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    try {
      const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 8 };
      const connections = [await connectEchoClient(options), await connectGrpcEchoClient(options)];
      try {
        const calls = connections.flatMap((connection, client) =>
          Array.from({ length: 8 }, async (_, call) => {
            const payload = Buffer.alloc(16, client * 16 + call);
            return Buffer.compare(await echo(connection, payload), payload);
          }),
        );
        expect(await Promise.all(calls)).toEqual(Array(16).fill(0));
      } finally {
        await Promise.all(connections.map((connection) => connection.close()));
      }
    } finally {
      await server.close();
    }
  }, 30_000);
});
