import { startEchoServer } from '../src/targets/grpc-js/grpc-server.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-grpc-client.js';
import { describeOptInTarget } from './opt-in-target.js';
import { GRPC_RESULTS } from './sample-results.js';

// The grpc-js server only speaks gRPC: its answers over loopback are the yrpc Client's gRPC
// transport (@yrpc/http) at work.
describeOptInTarget({
  name: 'yrpc-grpc-client',
  startEchoServer,
  connectEchoClient,
  baseline: 'grpc-js',
  // Run without yrpc: the goal is still checked.
  results: GRPC_RESULTS,
  row: '| 64 in flight · 16 B · 1 conn | yrpc-grpc-client | 15.0k ±20% |',
  goalRows: [
    '| calling a grpc-js server at 64 in flight, 16 B: the yrpc client in gRPC mode makes at ' +
      "least 3× the grpc-js client's calls/s | 3.17× (3.00–3.25) | met |",
  ],
});
