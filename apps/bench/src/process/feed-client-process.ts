// Child process entry: waits for one { type: 'run' } command, runs one stream of that target
// against the given feed server, reports 'measuring', 'measured' and the result, then exits.
import { requireFeedTarget } from '../targets/feed-registry.js';
import { runFeedWorkload } from '../workload/feed-workload.js';
import { describeError } from './child-messages.js';
import { type FeedClientCommand, reportFeed } from './feed-messages.js';

async function run(command: FeedClientCommand): Promise<void> {
  const connect = await requireFeedTarget(command.target).loadClient();
  const result = await runFeedWorkload(connect, command.spec, {
    onMeasureStart: () => void reportFeed({ type: 'measuring' }),
    onMeasureEnd: () => void reportFeed({ type: 'measured' }),
  });
  await reportFeed({ type: 'result', result });
}

process.on('disconnect', () => process.exit(0));
process.once('message', (command: FeedClientCommand) => {
  run(command)
    .catch((error: unknown) => reportFeed({ type: 'failed', message: describeError(error) }))
    .finally(() => {
      // Some client libraries keep timers or sockets alive; the round is over either way.
      process.disconnect?.();
      process.exit(0);
    });
});
