/** Sampling designs and run seeds: stratification, ranges, sizes, and seeds that do not shift. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { gridDesign, latinHypercube, randomDesign, runSeed } from "../../src/experiment/designs.js";

describe("sampling designs", () => {
  it("puts exactly one Latin hypercube point in each stratum of each factor (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 200 }), fc.nat(), (k, n, seed) => {
        const rows = latinHypercube(k, n, Rng.fromSeed(seed));
        expect(rows.length).toBe(n);
        for (let j = 0; j < k; j++) {
          const strata = rows.map((r) => Math.floor(r[j]! * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("makes grids of every combination of evenly spaced levels", () => {
    const g = gridDesign([3, 2, 1]);
    expect(g.length).toBe(6);
    expect(g[0]).toEqual([0, 0, 0.5]);
    expect(g[5]).toEqual([1, 1, 0.5]);
    expect(new Set(g.map((r) => r[0])).size).toBe(3);
    expect(() => gridDesign([0])).toThrow(/whole numbers >= 1/);
  });

  it("keeps random points in the unit hypercube and reproduces them from the seed", () => {
    const a = randomDesign(4, 50, Rng.fromSeed(5).fork("random"));
    expect(a.every((r) => r.length === 4 && r.every((v) => v >= 0 && v < 1))).toBe(true);
    expect(randomDesign(4, 50, Rng.fromSeed(5).fork("random"))).toEqual(a);
  });
});

describe("run seeds", () => {
  it("depend only on the run's own point and replication, so adding points shifts nothing (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 20 }), (points) => {
        const before = points.map((p) => runSeed(42, "abc", p, 0));
        const after = [[0.123, 4.56], ...points].map((p) => runSeed(42, "abc", p, 0)).slice(1);
        expect(after).toEqual(before);
      }),
    );
  });

  it("differ across replications, points, scenarios and master seeds, and are whole numbers", () => {
    const s = runSeed(1, "sha", [0.5, 2], 0);
    expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(runSeed(1, "sha", [0.5, 2], 1)).not.toBe(s);
    expect(runSeed(1, "sha", [0.5, 3], 0)).not.toBe(s);
    expect(runSeed(1, "sha2", [0.5, 2], 0)).not.toBe(s);
    expect(runSeed(2, "sha", [0.5, 2], 0)).not.toBe(s);
    expect(runSeed(1, "sha", [0.5, 2], 0)).toBe(s);
  });
});
