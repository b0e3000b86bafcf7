import type { ServerStats } from '@yrpc/rpc';

/** The field-by-field sum of servers' stats (all zero for none). */
export function sumStats(all: readonly ServerStats[]): ServerStats {
  const total = {
    connections: 0,
    callsInFlight: 0,
    queuedCalls: 0,
    bytesIn: 0,
    bytesOut: 0,
    callsStarted: 0,
    callsFinished: 0,
    flowControlStalls: 0,
  } satisfies ServerStats;
  for (const stats of all) {
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += stats[key];
  }
  return total;
}
