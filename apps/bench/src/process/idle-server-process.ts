// Child process entry of `--scenario idle-connections`: runs one idle target's server on
// 127.0.0.1, port 0 (argument: the target name). Reports { type: 'listening', port,
// openFileLimit }; answers 'memory' (after two full garbage collections: the parent starts it
// with --expose-gc) and 'await-sockets'; exits on 'stop' or when the parent goes away.
import { requireIdleTarget } from '../targets/idle/idle-targets.js';
import { describeError, reportToParent } from './child-messages.js';
import type { IdleServerCommand, IdleServerReport, MemorySnapshot } from './idle-messages.js';
import { openFileLimit } from './open-file-limit.js';

const report = (message: IdleServerReport) => reportToParent(message);

/** TCP sockets open in this process: the accepted connections (the listener is a TCPServerWrap). */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
}

/** Memory after two full collections (the second frees what finalizers of the first released). */
function memoryAfterGc(): MemorySnapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the idle server must run with --expose-gc');
  gc();
  gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

const POLL_MS = 10;

/** Resolves with the open sockets once there are `count`, or after `timeoutMs` with what there is. */
function awaitSockets(count: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = (): void => {
      const sockets = openSockets();
      if (sockets === count || performance.now() >= deadline) resolve(sockets);
      else setTimeout(check, POLL_MS);
    };
    check();
  });
}

async function main(): Promise<void> {
  const startServer = await requireIdleTarget(process.argv[2] ?? '').loadServer();
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (command: IdleServerCommand) => {
    if (command.type === 'memory') {
      void report({ type: 'memory', memory: memoryAfterGc(), sockets: openSockets() });
    } else if (command.type === 'await-sockets') {
      void awaitSockets(command.count, command.timeoutMs).then((sockets) =>
        report({ type: 'sockets', sockets }),
      );
    } else if (command.type === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  const limit = openFileLimit();
  await report({
    type: 'listening',
    port: server.port,
    ...(limit !== undefined && { openFileLimit: limit }),
  });
}

main().catch(async (error: unknown) => {
  await report({ type: 'failed', message: describeError(error) });
  process.exit(1);
});
