import { BenchError } from '../bench-error.js';

/** Median and range of a sample (one value per round). */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) ÷ median, in percent; 0 for a single value, 0 when the median is 0. */
  readonly spreadPct: number;
  /** Number of values summarised. */
  readonly n: number;
}

/** The median of a non-empty sample (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0)
    throw new BenchError('EMPTY_SAMPLE', 'the median of no values is undefined');
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median, min, max and relative spread of a non-empty sample. */
export function spread(values: readonly number[]): Spread {
  const middle = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return {
    median: middle,
    min,
    max,
    spreadPct: middle === 0 ? 0 : ((max - min) / Math.abs(middle)) * 100,
    n: values.length,
  };
}

/** A value measured in a given round. */
export interface RoundValue {
  readonly round: number;
  readonly value: number;
}

/**
 * Ratios numerator ÷ denominator paired round by round: round i of one target against round i of
 * the other, which ran next to it in time and so saw the same machine noise. Rounds missing on
 * either side, or with a denominator of 0 or a non-finite value, are left out.
 */
export function roundRatios(
  numerator: readonly RoundValue[],
  denominator: readonly RoundValue[],
): number[] {
  const byRound = new Map(denominator.map((entry) => [entry.round, entry.value]));
  const ratios: number[] = [];
  for (const { round, value } of numerator) {
    const base = byRound.get(round);
    if (base === undefined || base === 0 || !Number.isFinite(base) || !Number.isFinite(value)) {
      continue;
    }
    ratios.push(value / base);
  }
  return ratios;
}
