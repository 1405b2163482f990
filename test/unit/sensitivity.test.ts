/** Sobol indices against the Ishigami function's analytic values, and Morris on a known ranking. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { morrisDesign, morrisEffects, saltelliDesign, sobolIndices } from "../../src/experiment/sensitivity.js";

const A = 7;
const B = 0.1;
function ishigami(u: readonly number[]): number {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v) as [number, number, number];
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
}

// analytic indices (Ishigami and Homma 1990; Sobol' and Levitan 1999)
const V1 = 0.5 * (1 + (B * Math.PI ** 4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = (B ** 2 * Math.PI ** 8 * 8) / 225;
const V = V1 + V2 + V13;
const S = [V1 / V, V2 / V, 0];
const ST = [(V1 + V13) / V, V2 / V, V13 / V];

describe("Sobol indices (Saltelli design)", () => {
  const n = 8192;
  const design = saltelliDesign(3, n, Rng.fromSeed(11).fork("design"));
  const y = design.rows.map(ishigami);
  const indices = sobolIndices(design, y, Rng.fromSeed(11).fork("bootstrap"), 100);

  it("has the known analytic values for Ishigami (0.314, 0.442, 0 first order; 0.558, 0.442, 0.244 total)", () => {
    expect(S[0]).toBeCloseTo(0.3139, 3);
    expect(ST[2]).toBeCloseTo(0.2437, 3);
  });

  it("estimates first- and total-order indices within 0.03 of the analytic values", () => {
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(indices.first[i]!.estimate - S[i]!)).toBeLessThan(0.03);
      expect(Math.abs(indices.total[i]!.estimate - ST[i]!)).toBeLessThan(0.03);
    }
  });

  it("gives 95% bootstrap intervals that are narrow at this sample size and cover the true values", () => {
    for (const iv of [...indices.first, ...indices.total]) {
      expect(iv.low).toBeLessThanOrEqual(iv.estimate);
      expect(iv.high).toBeGreaterThanOrEqual(iv.estimate);
      expect(iv.high - iv.low).toBeLessThan(0.1);
    }
    indices.first.forEach((iv, i) => expect(iv.low <= S[i]! && S[i]! <= iv.high).toBe(true));
    indices.total.forEach((iv, i) => expect(iv.low <= ST[i]! && ST[i]! <= iv.high).toBe(true));
  });

  it("does not depend on where the outcome lies: an offset leaves indices and intervals alone", () => {
    const shifted = sobolIndices(design, y.map((v) => v + 2030), Rng.fromSeed(11).fork("bootstrap"), 100);
    shifted.first.forEach((iv, i) => {
      expect(iv.estimate).toBeCloseTo(indices.first[i]!.estimate, 9);
      expect(iv.high - iv.low).toBeCloseTo(indices.first[i]!.high - indices.first[i]!.low, 9);
    });
    shifted.total.forEach((iv, i) => expect(iv.estimate).toBeCloseTo(indices.total[i]!.estimate, 9));
  });

  it("is reproducible from its seeds, and checks its inputs", () => {
    const again = saltelliDesign(3, 16, Rng.fromSeed(11).fork("design"));
    expect(again.rows.slice(0, 16)).toEqual(design.rows.slice(0, 16));
    expect(design.rows.length).toBe(n * 5);
    expect(() => sobolIndices(design, y.slice(1), Rng.fromSeed(1))).toThrow(/expected 40960 outputs/);
    expect(() => sobolIndices(design, y.map((v, i) => (i === 3 ? NaN : v)), Rng.fromSeed(1))).toThrow(/not a finite number/);
  });
});

describe("Morris elementary effects", () => {
  // linear in x0..x3 with known slopes, plus a nonlinear x4 (its effects vary: sigma > 0)
  const f = (x: readonly number[]) => 10 * x[0]! + 5 * x[1]! + 1 * x[2]! + 0 * x[3]! + 4 * x[4]! ** 2;
  const design = morrisDesign(5, 40, 4, Rng.fromSeed(3).fork("morris"));
  const effects = morrisEffects(design, design.rows.map(f));

  it("recovers the slopes of linear factors exactly, with no spread", () => {
    expect(effects.muStar[0]).toBeCloseTo(10, 9);
    expect(effects.muStar[1]).toBeCloseTo(5, 9);
    expect(effects.muStar[2]).toBeCloseTo(1, 9);
    expect(effects.muStar[3]).toBeCloseTo(0, 9);
    for (const j of [0, 1, 2, 3]) expect(effects.sigma[j]).toBeCloseTo(0, 9);
  });

  it("ranks the factors by influence and shows the nonlinear one's spread", () => {
    const ranking = effects.muStar.map((m, j) => [m, j] as const).sort((a, b) => b[0] - a[0]).map(([, j]) => j);
    expect(ranking[0]).toBe(0);
    expect(ranking.indexOf(3)).toBe(4);
    expect(effects.sigma[4]).toBeGreaterThan(0.5);
  });

  it("keeps every point inside the unit hypercube, moving one factor at a time", () => {
    for (const row of design.rows) for (const v of row) expect(v >= 0 && v <= 1 + 1e-12).toBe(true);
    design.moves.forEach((m, t) => {
      const base = t * 6;
      m.forEach((move, j) => {
        const a = design.rows[base + j]!;
        const b = design.rows[base + j + 1]!;
        const changed = a.map((v, i) => (Math.abs(v - b[i]!) > 1e-12 ? i : -1)).filter((i) => i >= 0);
        expect(changed).toEqual([move.factor]);
      });
    });
  });
});
