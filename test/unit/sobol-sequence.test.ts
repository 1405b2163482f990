/** The Sobol sequence: the published first points, and balance in every dimension (property). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from "../../src/experiment/sobol-sequence.js";

describe("Sobol sequence", () => {
  it("starts with the points of Joe and Kuo's generator", () => {
    expect(sobolSequence(3, 10)).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
      [0.1875, 0.3125, 0.9375],
      [0.6875, 0.8125, 0.4375],
    ]);
  });

  it("puts one of the first 2^m points in each interval of width 2^-m, in every dimension, shifted or not (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: SOBOL_MAX_DIMENSIONS }), fc.integer({ min: 0, max: 8 }), fc.option(fc.nat()), (dims, m, seed) => {
        const n = 2 ** m;
        const rows = sobolSequence(dims, n, seed === null ? undefined : Rng.fromSeed(seed));
        for (let d = 0; d < dims; d++) {
          const cells = rows.map((r) => Math.floor(r[d]! * n)).sort((a, b) => a - b);
          expect(cells).toEqual(Array.from({ length: n }, (_, i) => i));
          for (const r of rows) expect(r[d]! >= 0 && r[d]! < 1).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("balances pairs of dimensions too: each quadrant of the unit square gets a quarter of the points", () => {
    const rows = sobolSequence(SOBOL_MAX_DIMENSIONS, 256);
    for (let a = 0; a < SOBOL_MAX_DIMENSIONS; a++) {
      for (let b = a + 1; b < SOBOL_MAX_DIMENSIONS; b++) {
        const counts = [0, 0, 0, 0];
        for (const r of rows) counts[(r[a]! < 0.5 ? 0 : 1) + (r[b]! < 0.5 ? 0 : 2)]!++;
        expect(counts).toEqual([64, 64, 64, 64]);
      }
    }
  });

  it("refuses dimensions it has no direction numbers for", () => {
    expect(() => sobolSequence(SOBOL_MAX_DIMENSIONS + 1, 4)).toThrow(/dimensions must be/);
  });
});
