// Child process entry: runs one target's feed server on 127.0.0.1, port 0. Argument: the
// FeedServerArgs as JSON. Follows its own RSS from the moment a stream starts; reports
// { type: 'listening', port } over IPC, answers 'usage' and 'retained' (memory after a full
// garbage collection; the parent starts it with --expose-gc), and exits on 'stop' or when the
// parent goes away.
import { requireFeedTarget } from '../targets/feed-registry.js';
import { describeError } from './child-messages.js';
import {
  type FeedServerArgs,
  type FeedServerCommand,
  type FeedServerUsage,
  type MemoryBreakdown,
  reportFeed,
} from './feed-messages.js';
import { LoopDelayMonitor } from './loop-delay.js';
import { RssSampler } from './rss-sampler.js';

function memoryBreakdown(): MemoryBreakdown {
  const memory = process.memoryUsage();
  return {
    rssKiB: Math.round(memory.rss / 1024),
    heapUsedKiB: Math.round(memory.heapUsed / 1024),
    arrayBuffersKiB: Math.round(memory.arrayBuffers / 1024),
  };
}

/** Two full collections (the second frees what finalizers of the first released). */
function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  gc();
  return true;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as FeedServerArgs;
  const startServer = await requireFeedTarget(args.target).loadServer();
  const sampler = new RssSampler();
  const loopDelay = new LoopDelayMonitor();
  const tally = { produced: 0 };
  let atStart: MemoryBreakdown | undefined;
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    flowControl: args.flowControl,
    onStreamStart: () => {
      atStart ??= memoryBreakdown();
      sampler.start();
      loopDelay.start();
    },
    tally,
  });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (command: FeedServerCommand) => {
    if (command.type === 'usage') {
      const cpu = process.cpuUsage();
      const usage: FeedServerUsage = {
        cpuUs: cpu.user + cpu.system,
        maxRssKiB: process.resourceUsage().maxRSS,
        rss: sampler.trace(),
        produced: tally.produced,
        eventLoopMaxDelayMs: loopDelay.maxDelayMs(),
      };
      void reportFeed({ type: 'usage', usage });
    } else if (command.type === 'retained') {
      const retained =
        atStart !== undefined && collectGarbage()
          ? { atStart, afterGc: memoryBreakdown() }
          : undefined;
      void reportFeed({ type: 'retained', retained });
    } else if (command.type === 'stop') {
      sampler.stop();
      loopDelay.stop();
      void server.close().finally(() => process.exit(0));
    }
  });
  await reportFeed({ type: 'listening', port: server.port });
}

main().catch(async (error: unknown) => {
  await reportFeed({ type: 'failed', message: describeError(error) });
  process.exit(1);
});
