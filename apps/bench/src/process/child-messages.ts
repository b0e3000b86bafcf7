import type { EchoWorkloadResult, EchoWorkloadSpec } from '../workload/echo-workload.js';

/** CPU time and peak memory of a process, as sampled at one instant. */
export interface ProcessUsage {
  /** User + system CPU time since the process started, µs. */
  readonly cpuUs: number;
  /** Peak resident set size, KiB. */
  readonly maxRssKiB: number;
}

/** Parent → server child. */
export type ServerCommand = { readonly type: 'usage' } | { readonly type: 'stop' };

/** Server child → parent. */
export type ServerReport =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'usage'; readonly usage: ProcessUsage }
  | { readonly type: 'failed'; readonly message: string };

/** Parent → client child. */
export interface ClientCommand {
  readonly type: 'run';
  readonly target: string;
  readonly spec: EchoWorkloadSpec;
}

/** Client child → parent. */
export type ClientReport =
  | { readonly type: 'measuring' }
  | { readonly type: 'measured' }
  | { readonly type: 'result'; readonly result: EchoWorkloadResult }
  | { readonly type: 'failed'; readonly message: string };

/** Samples this process's CPU time and peak RSS. */
export function sampleProcessUsage(): ProcessUsage {
  const cpu = process.cpuUsage();
  return { cpuUs: cpu.user + cpu.system, maxRssKiB: process.resourceUsage().maxRSS };
}

/**
 * Sends a report to the parent over the IPC channel; resolves once it is handed to the channel,
 * so a process may exit right after awaiting it. Resolves at once when there is no parent.
 */
export function reportToParent<
  Report extends { readonly type: string } = ServerReport | ClientReport,
>(report: Report): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(report, undefined, undefined, () => resolve());
  });
}

/** A readable message for anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
