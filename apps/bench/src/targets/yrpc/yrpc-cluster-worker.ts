// node:cluster worker entry of the `yrpc-cluster` target (set by `startEchoCluster`), arguments:
// host, port. serveCluster, in a worker, makes the echo Server, listens on the shared socket and
// then answers the primary (stats, shutdown) until it is told to drain and exit.
import { serveCluster } from '@yrpc/cluster';
import { echoClusterOptions } from './yrpc-cluster-server.js';

const [host = '127.0.0.1', port = '0'] = process.argv.slice(2);

// A failure is reported to the primary (which rejects its start) and sets the exit code.
serveCluster(echoClusterOptions({ host, port: Number(port) })).catch(() => {
  process.exitCode = 1;
});
