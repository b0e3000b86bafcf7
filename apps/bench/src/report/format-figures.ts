import type { Spread } from '../stats/statistics.js';

/** `763.9k`, `4.71k`, `412`, `1.20M` calls/s. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(1)}k`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(2)}k`;
  return perSecond.toFixed(perSecond >= 100 ? 0 : 1);
}

/** Bytes per second in MB/s (10^6 bytes), e.g. `642.7 MB/s`. */
export function formatMegabytes(bytesPerSecond: number): string {
  const megabytes = bytesPerSecond / 1e6;
  return `${megabytes.toFixed(megabytes >= 100 ? 0 : megabytes >= 1 ? 1 : 2)} MB/s`;
}

/** A latency given in µs: `61 µs`, `1.48 ms`, `2.35 s`. */
export function formatMicros(micros: number): string {
  if (micros >= 1e6) return `${(micros / 1e6).toFixed(2)} s`;
  if (micros >= 1e3) return `${(micros / 1e3).toFixed(2)} ms`;
  return `${micros.toFixed(micros >= 100 ? 0 : 1)} µs`;
}

/** A configured duration: `300 ms`, `1 s`, `1.5 s`. */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000
    ? `${milliseconds} ms`
    : `${Number((milliseconds / 1000).toFixed(2))} s`;
}

/** KiB as MiB: `94.2`. */
export function formatMebibytes(kibibytes: number): string {
  return (kibibytes / 1024).toFixed(1);
}

/** `0.95`, `12.4`, `1,234` µs. */
export function formatCpuMicros(micros: number): string {
  return micros >= 100 ? Math.round(micros).toLocaleString('en-US') : micros.toFixed(2);
}

/** `median ±h%` where h is half the min–max range as a percentage of the median. */
export function formatWithSpread(value: Spread, format: (value: number) => string): string {
  if (value.n < 2) return format(value.median);
  return `${format(value.median)} ±${(value.spreadPct / 2).toFixed(0)}%`;
}

function ratioNumber(ratio: number): string {
  if (ratio >= 100) return ratio.toFixed(0);
  if (ratio >= 10) return ratio.toFixed(1);
  if (ratio >= 0.1) return ratio.toFixed(2);
  return ratio.toPrecision(2);
}

/** A ratio with its round-by-round range: `162× (150–171)`; `—` when not measured. */
export function formatRatio(ratio: Spread | undefined): string {
  if (ratio === undefined) return '—';
  const median = `${ratioNumber(ratio.median)}×`;
  return ratio.n < 2 ? median : `${median} (${ratioNumber(ratio.min)}–${ratioNumber(ratio.max)})`;
}

/**
 * ` Node flags for every measured process: --min-semi-space-size=16.` (with its leading space),
 * or `''` when the run gave none.
 */
export function formatNodeFlags(nodeFlags: readonly string[] | undefined): string {
  if (nodeFlags === undefined || nodeFlags.length === 0) return '';
  return ` Node flags for every measured process: ${nodeFlags.join(' ')}.`;
}
