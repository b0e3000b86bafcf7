// Child process entry: waits for one { type: 'run' } command, runs the echo workload of that
// target against the given server, reports 'measuring', 'measured' and the result, then exits.
import { requireReadyTarget } from '../targets/target-registry.js';
import { runEchoWorkload } from '../workload/echo-workload.js';
import { type ClientCommand, describeError, reportToParent } from './child-messages.js';

async function run(command: ClientCommand): Promise<void> {
  const connect = await requireReadyTarget(command.target).loadClient();
  const result = await runEchoWorkload(connect, command.spec, {
    onMeasureStart: () => void reportToParent({ type: 'measuring' }),
    onMeasureEnd: () => void reportToParent({ type: 'measured' }),
  });
  await reportToParent({ type: 'result', result });
}

process.on('disconnect', () => process.exit(0));
process.once('message', (command: ClientCommand) => {
  run(command)
    .catch((error: unknown) => reportToParent({ type: 'failed', message: describeError(error) }))
    .finally(() => {
      // Some client libraries keep timers or sockets alive; the round is over either way.
      process.disconnect?.();
      process.exit(0);
    });
});
