// Child process entry: runs one target's echo server on 127.0.0.1, port 0. Argument: target name.
// Reports { type: 'listening', port } over IPC, answers 'usage', and exits on 'stop' or when the
// parent goes away.
import { requireReadyTarget } from '../targets/target-registry.js';
import {
  describeError,
  reportToParent,
  type ServerCommand,
  sampleProcessUsage,
} from './child-messages.js';

async function main(): Promise<void> {
  const target = requireReadyTarget(process.argv[2] ?? '');
  const startServer = await target.loadServer();
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'usage') {
      void reportToParent({ type: 'usage', usage: sampleProcessUsage() });
    } else if (command.type === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  await reportToParent({ type: 'listening', port: server.port });
}

main().catch(async (error: unknown) => {
  await reportToParent({ type: 'failed', message: describeError(error) });
  process.exit(1);
});
