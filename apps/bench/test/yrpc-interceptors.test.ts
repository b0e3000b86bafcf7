import { connectEchoClient } from '../src/targets/yrpc/yrpc-interceptors-client.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-interceptors-server.js';
import { describeOptInTarget } from './opt-in-target.js';
import { withInterceptorRounds } from './sample-results.js';

describeOptInTarget({
  name: 'yrpc-interceptors',
  startEchoServer,
  connectEchoClient,
  results: withInterceptorRounds([360_000, 361_000, 399_000]),
  row: '| 64 in flight · 16 B · 1 conn | yrpc-interceptors | 361.0k ±5% |',
  goalRows: [
    '| calls/s at 64 in flight, 16 B with a no-op client and a no-op server interceptor: ' +
      "at least 90% of yrpc's | 0.95× (0.90–0.95) | met |",
  ],
});
