// Child process entry of `--scenario idle-connections`: opens connections to one idle target's
// server (argument: the target name) when told to, holds them, and closes them all when told to.
// Reports { type: 'ready', openFileLimit } first; exits on 'exit' or when the parent goes away.
import { type IdleConnection, requireIdleTarget } from '../targets/idle/idle-targets.js';
import { describeError, reportToParent } from './child-messages.js';
import type { IdleClientCommand, IdleClientReport } from './idle-messages.js';
import { openFileLimit } from './open-file-limit.js';

const report = (message: IdleClientReport) => reportToParent(message);

const held: IdleConnection[] = [];

/** Opens `count` connections, `concurrency` at a time; fails after `timeoutMs`. */
async function openConnections(
  command: Extract<IdleClientCommand, { type: 'open' }>,
): Promise<number> {
  const open = await requireIdleTarget(process.argv[2] ?? '').loadClient();
  const startedAt = performance.now();
  let next = 0;
  let timedOut = false;
  const worker = async (): Promise<void> => {
    while (next < command.count && !timedOut) {
      next++;
      held.push(await open({ host: command.host, port: command.port }));
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(
        new Error(
          `${held.length} of ${command.count} connections opened within ${command.timeoutMs} ms`,
        ),
      );
    }, command.timeoutMs);
  });
  try {
    const workers = Array.from({ length: Math.min(command.concurrency, command.count) }, worker);
    await Promise.race([Promise.all(workers), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return performance.now() - startedAt;
}

async function closeAll(): Promise<void> {
  await Promise.all(held.splice(0).map((connection) => connection.close()));
}

function fail(error: unknown): Promise<void> {
  return report({ type: 'failed', message: describeError(error) });
}

process.on('disconnect', () => process.exit(0));
process.on('message', (command: IdleClientCommand) => {
  if (command.type === 'open') {
    openConnections(command).then(
      (ms) => report({ type: 'opened', connections: held.length, ms }),
      fail,
    );
  } else if (command.type === 'close-all') {
    closeAll().then(() => report({ type: 'closed' }), fail);
  } else if (command.type === 'exit') {
    // Some clients keep timers alive; the connections are closed by now.
    process.disconnect?.();
    process.exit(0);
  }
});
const limit = openFileLimit();
void report({ type: 'ready', ...(limit !== undefined && { openFileLimit: limit }) });
