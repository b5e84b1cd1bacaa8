/**
 * The few statistics the bench reports: medians, percentiles, and ratios between two subjects
 * measured in the same rounds, each with the spread of its per-round values.
 */

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Nearest-rank percentile: with 20 samples, p99 is the slowest one. */
export const percentile = (xs: readonly number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((xs.length * p) / 100) - 1)]!;

export const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** The order of the subjects in round `r`: rotated each round, so no subject always goes first. */
export const rotate = <T>(xs: readonly T[], r: number): T[] => {
  const k = xs.length === 0 ? 0 : r % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
};

/** A ratio between two subjects, with the least and greatest of its per-round values. */
export interface Ratio {
  ratio: number;
  min: number;
  max: number;
  rounds: number;
}

/** The range of per-round ratios; rounds whose denominator is 0 have none. */
function range(ratios: number[]) {
  const finite = ratios.filter(Number.isFinite);
  return { min: round(Math.min(...finite), 2), max: round(Math.max(...finite), 2) };
}

/**
 * `ratio` = median of `num` ÷ median of `den` (every sample of every round counts), and the
 * per-round ratios' range, from `perRound[i] = [num samples of round i, den samples of round i]`.
 * null when the denominator's median is 0.
 */
export function ratioOfMedians(perRound: readonly (readonly [number[], number[]])[]): Ratio | null {
  const den = median(perRound.flatMap(([, d]) => d));
  if (!(den > 0)) return null;
  return {
    ratio: round(median(perRound.flatMap(([n]) => n)) / den, 2),
    ...range(perRound.map(([n, d]) => median(n) / median(d))),
    rounds: perRound.length,
  };
}

/** The median of per-round ratios `num[i] / den[i]` (one figure per subject per round). */
export function medianOfRatios(num: readonly number[], den: readonly number[]): Ratio {
  const rounds = num.map((n, i) => n / den[i]!);
  return { ratio: round(median(rounds), 2), ...range(rounds), rounds: rounds.length };
}

export const formatRatio = (r: Ratio | null | undefined): string =>
  r === undefined ? '' : r === null ? 'n/a (0 ms below)' : `${r.ratio} (${r.min}–${r.max})`;
