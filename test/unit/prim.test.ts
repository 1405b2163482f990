/** PRIM: it finds the box a known rule puts the cases in, and reports coverage, density, mass. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { chooseBox, primTrajectory } from "../../src/experiment/prim.js";

function sample(n: number, seed: number): { x: number[][]; y: boolean[] } {
  const rng = Rng.fromSeed(seed);
  const x: number[][] = [];
  const y: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const p = [rng.next(), rng.next(), rng.next()];
    x.push(p);
    // the cases of interest: x0 above 0.7 and x1 below 0.4, whatever x2
    y.push(p[0]! > 0.7 && p[1]! < 0.4);
  }
  return { x, y };
}

describe("PRIM", () => {
  it("peels toward the box of the rule, leaving the irrelevant parameter alone", () => {
    const { x, y } = sample(2000, 4);
    const t = primTrajectory(x, y, { alpha: 0.05, minMass: 0.05 });
    expect(t[0]).toMatchObject({ coverage: 1, mass: 1 });
    for (let i = 1; i < t.length; i++) expect(t[i]!.mass).toBeLessThan(t[i - 1]!.mass);
    const { box } = chooseBox(t, 0.95);
    expect(box.density).toBeGreaterThanOrEqual(0.95);
    expect(box.low[0]).toBeGreaterThan(0.65);
    expect(box.low[0]).toBeLessThan(0.75);
    expect(box.high[1]).toBeGreaterThan(0.35);
    expect(box.high[1]).toBeLessThan(0.45);
    expect(box.coverage).toBeGreaterThan(0.8);
    // x2 barely restricted
    expect(box.high[2]! - box.low[2]!).toBeGreaterThan(0.85);
    // the definitions
    const inside = x.map((p) => p.every((v, j) => v >= box.low[j]! && v <= box.high[j]!));
    const n = inside.filter(Boolean).length;
    const cases = inside.filter((v, i) => v && y[i]).length;
    expect(box.n).toBe(n);
    expect(box.mass).toBe(n / x.length);
    expect(box.density).toBe(cases / n);
    expect(box.coverage).toBe(cases / y.filter(Boolean).length);
  });

  it("peels tied values together (replications share their parameters)", () => {
    const { x, y } = sample(300, 9);
    const tripled = x.flatMap((p) => [p, p, p]);
    const ty = y.flatMap((v) => [v, v, v]);
    const t = primTrajectory(tripled, ty, { alpha: 0.05, minMass: 0.05 });
    expect(t.length).toBeGreaterThan(20);
    for (const b of t) expect(b.n % 3).toBe(0);
  });

  it("chooses the densest box when none reaches the density asked", () => {
    const { x, y } = sample(500, 2);
    const t = primTrajectory(x, y, { alpha: 0.1, minMass: 0.3 });
    const { box } = chooseBox(t, 1.01);
    expect(box.density).toBe(Math.max(...t.map((b) => b.density)));
  });
});
