import { connectEchoClient } from '../src/targets/grpc-js/grpc-client.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-http-server.js';
import { describeOptInTarget } from './opt-in-target.js';
import { GRPC_RESULTS } from './sample-results.js';

// The grpc-js client only speaks gRPC: its calls answered over loopback are the yrpc Server's
// gRPC (@yrpc/http) at work.
describeOptInTarget({
  name: 'grpc-js-to-yrpc',
  startEchoServer,
  connectEchoClient,
  baseline: 'grpc-js',
  // Run without yrpc: both goals are still checked.
  results: GRPC_RESULTS,
  row: '| 64 in flight · 16 B · 1 conn | grpc-js-to-yrpc | 10.0k ±10% |',
  goalRows: [
    '| a grpc-js client at 64 in flight, 16 B: at least 2× the calls/s calling yrpc over gRPC ' +
      'as calling a grpc-js server | 2.00× (1.83–2.25) | met |',
    '| a grpc-js client at 64 in flight, 16 B: the yrpc server over gRPC spends at most half ' +
      "the grpc-js server's CPU per call | 0.47× (0.40–0.50) | met |",
  ],
});
