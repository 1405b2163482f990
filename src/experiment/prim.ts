/**
 * Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999),
 * as EMA Workbench uses it (Bryant and Lempert 2010): which ranges of the uncertain parameters
 * lead to the outcome of interest?
 *
 * Peeling: start from the box holding every point; at each step, try cutting off the alpha
 * share of the points in the box at the low or the high end of each parameter, and keep the
 * cut that leaves the highest density of cases of interest; stop when the box would hold less
 * than `minMass` of all points. Each box of the trajectory is reported with
 *   coverage  cases of interest in the box / all cases of interest
 *   density   cases of interest in the box / points in the box
 *   mass      points in the box / all points
 * and the parameters it restricts. Pasting is not done (EMA Workbench leaves it optional).
 */

export interface PrimBox {
  /** Lower and upper limit of each parameter (inclusive). */
  low: number[];
  high: number[];
  coverage: number;
  density: number;
  mass: number;
  /** Points in the box. */
  n: number;
}

export interface PrimOptions {
  /** Share of the box's points peeled at each step (0.05 is usual). */
  alpha: number;
  /** Smallest share of all points a box may hold. */
  minMass: number;
}

/**
 * The peeling trajectory for points `x` (rows of parameter values) and cases `y`. The first
 * box is the whole range.
 */
export function primTrajectory(x: readonly (readonly number[])[], y: readonly boolean[], opts: PrimOptions): PrimBox[] {
  const n = x.length;
  if (n === 0 || y.length !== n) throw new Error(`primTrajectory: ${n} points and ${y.length} outcomes`);
  const k = x[0]!.length;
  const totalCases = y.filter(Boolean).length;
  let inBox = Array.from({ length: n }, (_, i) => i);
  const low = Array.from({ length: k }, (_, j) => Math.min(...x.map((r) => r[j]!)));
  const high = Array.from({ length: k }, (_, j) => Math.max(...x.map((r) => r[j]!)));
  const box = (idx: number[], lo: number[], hi: number[]): PrimBox => {
    const cases = idx.filter((i) => y[i]).length;
    return { low: lo.slice(), high: hi.slice(), coverage: totalCases === 0 ? 0 : cases / totalCases, density: idx.length === 0 ? 0 : cases / idx.length, mass: idx.length / n, n: idx.length };
  };
  const out: PrimBox[] = [box(inBox, low, high)];
  for (;;) {
    let best: { idx: number[]; j: number; side: "low" | "high"; limit: number; density: number } | undefined;
    for (let j = 0; j < k; j++) {
      const values = inBox.map((i) => x[i]![j]!).sort((a, b) => a - b);
      const m = values.length;
      const cut = Math.max(1, Math.floor(opts.alpha * m));
      // peel at least `cut` points at each end; tied values go together (replications of one
      // point share their parameter values)
      let lo = cut;
      while (lo < m && values[lo] === values[cut - 1]) lo++;
      let hi = m - 1 - cut;
      while (hi >= 0 && values[hi] === values[m - cut]) hi--;
      const lowLimit = values[lo] as number | undefined;
      const highLimit = values[hi] as number | undefined;
      for (const side of ["low", "high"] as const) {
        const limit = side === "low" ? lowLimit : highLimit;
        if (limit === undefined) continue;
        const keep = inBox.filter((i) => (side === "low" ? x[i]![j]! >= limit : x[i]![j]! <= limit));
        if (keep.length === inBox.length || keep.length / n < opts.minMass || keep.length === 0) continue;
        const density = keep.filter((i) => y[i]).length / keep.length;
        if (best === undefined || density > best.density || (density === best.density && keep.length > best.idx.length)) {
          best = { idx: keep, j, side, limit, density };
        }
      }
    }
    if (best === undefined) break;
    inBox = best.idx;
    if (best.side === "low") low[best.j] = best.limit;
    else high[best.j] = best.limit;
    out.push(box(inBox, low, high));
  }
  return out;
}

/**
 * The box to report: the first on the trajectory (the largest) whose density reaches
 * `density`; if none does, the densest.
 */
export function chooseBox(trajectory: readonly PrimBox[], density: number): { box: PrimBox; index: number } {
  const i = trajectory.findIndex((b) => b.density >= density);
  if (i >= 0) return { box: trajectory[i]!, index: i };
  let best = 0;
  trajectory.forEach((b, j) => {
    if (b.density > trajectory[best]!.density) best = j;
  });
  return { box: trajectory[best]!, index: best };
}
