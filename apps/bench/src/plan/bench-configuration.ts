/** One measured configuration: how many connections, calls in flight and bytes per call. */
export interface BenchConfiguration {
  /** Stable key, e.g. `c64-p16-n1`; used to pair results across targets. */
  readonly id: string;
  /** Human label, e.g. `64 in flight · 16 B · 1 conn`. */
  readonly label: string;
  readonly connections: number;
  /** Calls in flight per connection. */
  readonly concurrency: number;
  /** Request (and reply) payload size, bytes. */
  readonly payloadSize: number;
}

/** `16 B`, `4 KiB`, `256 KiB`, `1 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

/** Builds the configuration with its id and label. */
export function benchConfiguration(
  connections: number,
  concurrency: number,
  payloadSize: number,
): BenchConfiguration {
  const plural = connections === 1 ? 'conn' : 'conns';
  return {
    id: `c${concurrency}-p${payloadSize}-n${connections}`,
    label: `${concurrency} in flight · ${formatSize(payloadSize)} · ${connections} ${plural}`,
    connections,
    concurrency,
    payloadSize,
  };
}
