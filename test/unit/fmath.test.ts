/**
 * Portable math against the engine's own Math (close, within an ulp or two) and against exact
 * values (powers of ten, special cases). That the results are the same on every engine is
 * shown by the explorer's browser test, which compares Chromium's output with Node's byte
 * for byte.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cosTurn, exp, log, log10, pow } from "../../src/engine/fmath.js";

/** |a - b| in units of b's last place. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const spacing = Math.max(Number.MIN_VALUE, Math.abs(b) * Number.EPSILON);
  return Math.abs(a - b) / spacing;
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe("portable math", () => {
  it("exp is within an ulp of Math.exp over its whole range (property)", () => {
    fc.assert(fc.property(finite(-745, 709.7), (x) => ulps(exp(x), Math.exp(x)) <= 1 || Math.exp(x) < 1e-300), { numRuns: 20000 });
    expect([exp(0), exp(-0), exp(-Infinity), exp(Infinity), exp(710), exp(-746)]).toEqual([1, 1, 0, Infinity, Infinity, 0]);
    // fdlibm's e is 2.7182818284590455, an ulp above the nearest double (as Java's StrictMath)
    expect(ulps(exp(1), Math.E)).toBeLessThanOrEqual(1);
    expect(exp(NaN)).toBeNaN();
    // subnormal results stay ordered and positive
    expect(exp(-740)).toBeGreaterThan(0);
    expect(exp(-740)).toBeLessThan(exp(-739));
  });

  it("log and log10 are within an ulp of Math's, subnormals included (property)", () => {
    fc.assert(fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) => ulps(log(x), Math.log(x)) <= 1 && ulps(log10(x), Math.log10(x)) <= 1.5), { numRuns: 20000 });
    fc.assert(fc.property(finite(0.5, 2), (x) => ulps(log(x), Math.log(x)) <= 1), { numRuns: 20000 });
    expect([log(1), log(0), log(Infinity), log(Math.E)]).toEqual([0, -Infinity, Infinity, 1]);
    expect(log(-1)).toBeNaN();
    for (let k = 0; k <= 22; k++) expect(log10(Number(`1e${k}`))).toBe(k);
    expect(log10(0.001)).toBeCloseTo(-3, 15);
  });

  it("pow is close to Math.pow, and exact for integer powers that are representable (property)", () => {
    fc.assert(fc.property(finite(1e-6, 1e6), finite(-8, 8), (x, y) => ulps(pow(x, y), Math.pow(x, y)) <= 2 + Math.abs(y * Math.log(x)) * 2), { numRuns: 20000 });
    for (let k = 0; k <= 22; k++) expect(pow(10, k)).toBe(Number(`1e${k}`));
    expect([pow(2, -5), pow(-2, 3), pow(-2, 4), pow(3, 0), pow(0, 2), pow(0, -1), pow(1, NaN)]).toEqual([1 / 32, -8, 16, 1, 0, Infinity, 1]);
    expect(pow(-2, 0.5)).toBeNaN();
    expect(pow(1.5, 100)).toBeCloseTo(Math.pow(1.5, 100), -5);
    expect(pow(-1.5, 101)).toBeLessThan(0);
  });

  it("cosTurn(v) is cos(2 pi v), exact at the quarter turns (property)", () => {
    // the reference rounds 2 pi v first (an error up to 4e-16 in the angle); cosTurn reduces v exactly
    fc.assert(fc.property(finite(0, 1), (v) => Math.abs(cosTurn(v) - Math.cos(2 * Math.PI * v)) <= 1e-15), { numRuns: 20000 });
    expect([cosTurn(0), cosTurn(0.5), cosTurn(1)]).toEqual([1, -1, 1]);
    expect(Math.abs(cosTurn(0.25))).toBe(0);
  });
});
