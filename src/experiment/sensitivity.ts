/**
 * Global sensitivity analysis: Sobol indices from a Saltelli design, and Morris elementary
 * effects. Pure functions over numbers in the unit hypercube; mapping to parameter ranges and
 * running the model are the caller's business.
 *
 * Sobol (Saltelli et al. 2010, "Variance based sensitivity analysis of model output"):
 *   A, B      the two halves of an N x 2k Sobol sequence (sobol-sequence.ts); AB_i = A with column i taken from B
 *   V         variance of the outputs f(A) and f(B) together; every output is first centred on
 *             their mean (it does not change the estimates' expectation, and keeps an outcome
 *             far from zero, a year or a capability, from inflating their variance)
 *   S_i       = mean(f(B) * (f(AB_i) - f(A))) / V                 first order (Saltelli 2010)
 *   ST_i      = mean((f(A) - f(AB_i))^2) / (2 V)                   total order (Jansen 1999)
 *   95% intervals by bootstrap over the N rows (percentile method), with a seeded stream
 *
 * Morris (Morris 1991; Campolongo et al. 2007): r trajectories on a p-level grid, each moving
 * one factor at a time by delta = p / (2 (p - 1)); for each factor, mu* = mean |EE|, sigma = sd EE.
 *
 * Random numbers come from an `Rng` the caller provides (a labelled stream), so designs are
 * reproducible from the experiment's seed.
 */
import { quantileSorted } from "simple-statistics";
import type { Rng } from "../engine/rng.js";
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from "./sobol-sequence.js";
import * as fm from "../engine/fmath.js";

/** A Saltelli design: rows of A, then B, then AB_1 .. AB_k (N (k + 2) rows of k values in [0, 1)). */
export interface SaltelliDesign {
  k: number;
  n: number;
  rows: number[][];
}

export function saltelliDesign(k: number, n: number, rng: Rng): SaltelliDesign {
  if (!(k >= 1 && n >= 2)) throw new Error(`saltelliDesign: need k >= 1 and n >= 2, got k=${k}, n=${n}`);
  if (2 * k > SOBOL_MAX_DIMENSIONS) throw new Error(`saltelliDesign: at most ${SOBOL_MAX_DIMENSIONS / 2} factors, got ${k}`);
  // A and B from one 2k-dimensional (digitally shifted) Sobol sequence, as SALib does
  const base = sobolSequence(2 * k, n, rng);
  const a = base.map((row) => row.slice(0, k));
  const b = base.map((row) => row.slice(k));
  const rows: number[][] = [...a, ...b];
  for (let i = 0; i < k; i++) {
    for (let r = 0; r < n; r++) {
      const row = a[r]!.slice();
      row[i] = b[r]![i]!;
      rows.push(row);
    }
  }
  return { k, n, rows };
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface SobolIndices {
  first: Interval[];
  total: Interval[];
}

function sobolFrom(y: readonly number[], k: number, n: number, idx: readonly number[]): { first: number[]; total: number[] } {
  // outputs are centred on the mean of f(A) and f(B) of this (re)sample: the first-order
  // estimator is unbiased either way, but its variance grows with the squared mean otherwise
  // (SALib standardises for the same reason)
  let mean = 0;
  for (let r = 0; r < n; r++) mean += y[idx[r]!]! + y[n + idx[r]!]!;
  mean /= 2 * n;
  const fa = (r: number) => y[idx[r]!]! - mean;
  const fb = (r: number) => y[n + idx[r]!]! - mean;
  let v = 0;
  for (let r = 0; r < n; r++) v += fm.pow(fa(r), 2) + fm.pow(fb(r), 2);
  v /= 2 * n - 1;
  const first: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < k; i++) {
    let s1 = 0;
    let st = 0;
    for (let r = 0; r < n; r++) {
      const fab = y[(2 + i) * n + idx[r]!]! - mean;
      s1 += fb(r) * (fab - fa(r));
      st += fm.pow(fa(r) - fab, 2);
    }
    first.push(v > 0 ? s1 / n / v : 0);
    total.push(v > 0 ? st / n / (2 * v) : 0);
  }
  return { first, total };
}

/**
 * Sobol first- and total-order indices of the outputs `y` of a Saltelli design (in its row
 * order), with 95% bootstrap intervals from `resamples` resamples of the N rows.
 */
export function sobolIndices(design: SaltelliDesign, y: readonly number[], rng: Rng, resamples = 200): SobolIndices {
  const { k, n } = design;
  if (y.length !== n * (k + 2)) throw new Error(`sobolIndices: expected ${n * (k + 2)} outputs, got ${y.length}`);
  for (const v of y) if (!Number.isFinite(v)) throw new Error("sobolIndices: an output is not a finite number");
  const all = Array.from({ length: n }, (_, r) => r);
  const point = sobolFrom(y, k, n, all);
  const firsts: number[][] = Array.from({ length: k }, () => []);
  const totals: number[][] = Array.from({ length: k }, () => []);
  const idx = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let r = 0; r < n; r++) idx[r] = rng.int(n);
    const e = sobolFrom(y, k, n, idx);
    for (let i = 0; i < k; i++) {
      firsts[i]!.push(e.first[i]!);
      totals[i]!.push(e.total[i]!);
    }
  }
  const interval = (estimate: number, samples: number[]): Interval => {
    const s = samples.sort((p, q) => p - q);
    return { estimate, low: quantileSorted(s, 0.025), high: quantileSorted(s, 0.975) };
  };
  return {
    first: point.first.map((e, i) => interval(e, firsts[i]!)),
    total: point.total.map((e, i) => interval(e, totals[i]!)),
  };
}

/** A Morris design: `r` trajectories of k + 1 points each on a p-level grid in [0, 1]. */
export interface MorrisDesign {
  k: number;
  levels: number;
  /** Points of all trajectories, trajectory by trajectory. */
  rows: number[][];
  /** For each trajectory step, the factor moved and the signed step (+delta or -delta). */
  moves: { factor: number; step: number }[][];
}

export function morrisDesign(k: number, trajectories: number, levels: number, rng: Rng): MorrisDesign {
  if (!(k >= 1 && trajectories >= 2 && levels >= 2 && levels % 2 === 0)) {
    throw new Error(`morrisDesign: need k >= 1, at least 2 trajectories and an even number of levels, got k=${k}, r=${trajectories}, p=${levels}`);
  }
  const delta = levels / (2 * (levels - 1));
  const rows: number[][] = [];
  const moves: { factor: number; step: number }[][] = [];
  // start points on the grid such that +delta stays inside [0, 1]
  const starts = levels / 2;
  for (let t = 0; t < trajectories; t++) {
    const x: number[] = [];
    for (let j = 0; j < k; j++) x.push(rng.int(starts) / (levels - 1));
    // a random order of factors and random directions
    const order = Array.from({ length: k }, (_, j) => j);
    for (let j = k - 1; j > 0; j--) {
      const s = rng.int(j + 1);
      [order[j], order[s]] = [order[s]!, order[j]!];
    }
    const signs = order.map(() => (rng.next() < 0.5 ? -1 : 1));
    // a factor moving down must start high enough: shift it up by delta first
    for (let j = 0; j < k; j++) if (signs[j] === -1) x[order[j]!]! += delta;
    rows.push(x.slice());
    const m: { factor: number; step: number }[] = [];
    for (let j = 0; j < k; j++) {
      const f = order[j]!;
      x[f]! += signs[j]! * delta;
      rows.push(x.slice());
      m.push({ factor: f, step: signs[j]! * delta });
    }
    moves.push(m);
  }
  return { k, levels, rows, moves };
}

export interface MorrisEffects {
  /** Mean absolute elementary effect of each factor. */
  muStar: number[];
  /** Mean elementary effect. */
  mu: number[];
  /** Standard deviation of the elementary effects. */
  sigma: number[];
}

/** Elementary effects of the outputs `y` of a Morris design (in its row order). */
export function morrisEffects(design: MorrisDesign, y: readonly number[]): MorrisEffects {
  const { k, moves } = design;
  if (y.length !== design.rows.length) throw new Error(`morrisEffects: expected ${design.rows.length} outputs, got ${y.length}`);
  const effects: number[][] = Array.from({ length: k }, () => []);
  moves.forEach((m, t) => {
    const base = t * (k + 1);
    m.forEach((move, j) => effects[move.factor]!.push((y[base + j + 1]! - y[base + j]!) / move.step));
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    muStar: effects.map((e) => mean(e.map(Math.abs))),
    mu: effects.map(mean),
    sigma: effects.map((e) => {
      const m = mean(e);
      return Math.sqrt(e.reduce((a, b) => a + fm.pow(b - m, 2), 0) / Math.max(1, e.length - 1));
    }),
  };
}
