/**
 * Portable math against the engine's own Math (close, within an ulp or two) and against exact
 * values (powers of ten, special cases). That the results are the same on every engine is
 * shown by the explorer's browser test, which compares Chromium's output with Node's byte
 * for byte.
 */
import { createHash } from "node:crypto";
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
    // exp(y ln x) loses about |y ln x| ulps; an integer power by repeated squaring, about one
    // ulp per multiplication, so up to |y| (1.0066238151552238^-8 is 2.1 ulps from Math.pow's,
    // over a bound without that term)
    const bound = (x: number, y: number) => 2 + Math.abs(y * Math.log(x)) * 2 + (Number.isInteger(y) ? Math.abs(y) : 0);
    fc.assert(fc.property(finite(1e-6, 1e6), finite(-8, 8), (x, y) => ulps(pow(x, y), Math.pow(x, y)) <= bound(x, y)), { numRuns: 20000 });
    fc.assert(fc.property(finite(1e-3, 1e3), fc.integer({ min: -64, max: 64 }), (x, y) => ulps(pow(x, y), Math.pow(x, y)) <= bound(x, y)), { numRuns: 20000 });
    expect(ulps(pow(1.0066238151552238, -8), Math.pow(1.0066238151552238, -8))).toBeLessThanOrEqual(bound(1.0066238151552238, -8));
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
  it("keeps its exact bits: a digest of 38,034 results over the whole range", () => {
    // Results must not change when the functions are made faster (every data file depends on
    // them). The digest is of fdlibm's results as first implemented here; a change to it is a
    // change to every run's output and needs a CHANGELOG entry and new noreg digests.
    let s = 0x9e3779b9;
    const next = () => {
      s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return s / 2 ** 32;
    };
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const high = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
    const positive = [Number.MIN_VALUE, 2.2250738585072014e-308, Number.MAX_VALUE, 1.3e308, 1, 2, 10, 1e-310, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -52, 1 - 2 ** -53];
    const any = [0, -0, 1e-9, -1e-9, 0.34657359027997264, 1.0397207708399179, 709.78, -745.1, -708.5, -720];
    for (let i = 0; i < 4000; i++) {
      words[high] = Math.floor(next() * 0x7ff00000);
      words[1 - high] = Math.floor(next() * 2 ** 32);
      positive.push(bits[0]!, next() * 100, 1 + (next() - 0.5) * 1e-5);
      any.push((next() - 0.5) * 1450, (next() - 0.5) * 4);
    }
    const out: number[] = [];
    for (const x of positive) out.push(log(x), log10(x));
    for (const x of any) out.push(exp(x));
    for (let i = 0; i < 4000; i++) {
      const x = next() < 0.3 ? 10 : next() * 100;
      const y = next() < 0.2 ? Math.round((next() - 0.5) * 100) : (next() - 0.5) * 20;
      out.push(pow(x, y));
    }
    for (let i = 0; i < 2000; i++) out.push(cosTurn(next()));
    const view = new DataView(new ArrayBuffer(out.length * 8));
    out.forEach((v, i) => view.setFloat64(i * 8, v, true));
    expect(out.length).toBe(38034);
    expect(createHash("sha256").update(new Uint8Array(view.buffer)).digest("hex")).toBe("4929739b3d43d568104fe69af5022cf1221a2adcf980fc03eea96fb4a81fa965");
  });
});
