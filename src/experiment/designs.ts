/**
 * Sampling designs in the unit hypercube, and the seed of each run of an experiment.
 *
 * - grid: every combination of L_j evenly spaced levels per factor (0 and 1 included; one level
 *   is the midpoint);
 * - random: independent uniform points;
 * - Latin hypercube (McKay, Beckman and Conover 1979): each factor's range is cut into n equal
 *   strata and every stratum holds exactly one point, at a uniform position inside it, the
 *   strata of different factors paired by independent random permutations.
 *
 * A run's seed is a hash of the experiment's master seed, the scenario's hash, the run's
 * parameter point (its values, not its index) and its replication. Adding, removing or
 * reordering points never changes another point's seeds, and two policies evaluated at the same
 * point and replication get the same seed (common random numbers for paired comparisons).
 * Points with equal values are told apart by their order of occurrence, so that a design's
 * repeated points are replications, not copies.
 */
import { hash53 } from "../engine/hash.js";
import type { Rng } from "../engine/rng.js";

export function gridDesign(levels: readonly number[]): number[][] {
  for (const l of levels) if (!(Number.isInteger(l) && l >= 1)) throw new Error(`gridDesign: levels must be whole numbers >= 1, got ${l}`);
  let rows: number[][] = [[]];
  for (const l of levels) {
    const values = l === 1 ? [0.5] : Array.from({ length: l }, (_, i) => i / (l - 1));
    const next: number[][] = [];
    for (const row of rows) for (const v of values) next.push([...row, v]);
    rows = next;
  }
  return rows;
}

export function randomDesign(k: number, n: number, rng: Rng): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: k }, () => rng.next()));
}

export function latinHypercube(k: number, n: number, rng: Rng): number[][] {
  if (!(k >= 1 && n >= 1)) throw new Error(`latinHypercube: need k >= 1 and n >= 1, got k=${k}, n=${n}`);
  const rows: number[][] = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const s = rng.int(i + 1);
      [strata[i], strata[s]] = [strata[s]!, strata[i]!];
    }
    for (let r = 0; r < n; r++) rows[r]![j] = (strata[r]! + rng.next()) / n;
  }
  return rows;
}

/**
 * The seed of one run: a 53-bit hash of the master seed, the scenario's sha256, the parameter
 * point (as shortest round-trip decimal strings) and the replication number.
 */
export function runSeed(master: number, scenarioSha256: string, point: readonly number[], replication: number, occurrence = 0): number {
  // `occurrence` tells apart points with equal values (a discrete uncertainty in a random design,
  // a repeated CSV row): the k-th repeat gets seeds of its own, the first keeps the plain ones
  const repeat = occurrence > 0 ? `|repeat${occurrence}` : "";
  return hash53(`airace-run|${master}|${scenarioSha256}|${point.map((v) => String(v)).join(",")}|${replication}${repeat}`);
}
