import { pathToFileURL } from 'node:url';
import type { ServerCommand, ServerMessage, Variant } from './echo-protocol.js';
import { type Net, startEchoServer } from './echo-servers.js';

// `node echo-server-process.js <variant> [net module path]`, forked by coroutine-echo.js.
const [variant, modulePath] = process.argv.slice(2) as [Variant, string | undefined];
const net =
  modulePath === undefined ? undefined : ((await import(pathToFileURL(modulePath).href)) as Net);
const server = await startEchoServer(variant, net);

function send(message: ServerMessage): void {
  process.send?.(message);
}

process.on('message', (command: ServerCommand) => {
  if (command.kind === 'cpu') {
    const usage = process.cpuUsage();
    send({ kind: 'cpu', micros: usage.user + usage.system });
  } else {
    void server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  }
});
send({ kind: 'listening', port: server.port });
