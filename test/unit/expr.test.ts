import { describe, expect, it } from "vitest";
import { compileExpression, parserMath } from "../../src/scenario/expr.js";

const symbols = new Set(["year", "gap", "capability_CN", "capability_US"]);

function ok(text: string, want: "number" | "boolean" = "boolean") {
  const r = compileExpression(text, symbols, want);
  if (!r.ok) throw new Error(r.message);
  return r.expr;
}

function rejected(text: string, want: "number" | "boolean" = "boolean"): string {
  const r = compileExpression(text, symbols, want);
  expect(r.ok, `${text} should be rejected`).toBe(false);
  return r.ok ? "" : r.message;
}

describe("expressions", () => {
  it("evaluates allowed conditions and values", () => {
    const scope = { year: 2030, gap: 5, capability_CN: 7, capability_US: 8 };
    expect(ok("year >= 2030 and gap < 6").evaluate(scope)).toBe(true);
    expect(ok("capability_US - capability_CN > 1.5").evaluate(scope)).toBe(false);
    expect(ok("max(capability_CN, 2) ^ 2", "number").evaluate(scope)).toBe(49);
    expect(ok("gap > 3 ? year > 2029 : false").evaluate(scope)).toBe(true);
    expect(ok("not (gap == 5) or -gap < 0").evaluate(scope)).toBe(true);
    expect(ok("log10(100) + abs(-1) + 7 % 4", "number").evaluate(scope)).toBe(6);
    expect(ok("gap > 1").symbols).toEqual(["gap"]);
  });

  it("checks types: a condition must be boolean, a value numeric", () => {
    expect(rejected("gap + 1")).toMatch(/condition must be true or false/);
    expect(rejected("gap > 1", "number")).toMatch(/number is needed/);
    expect(rejected("(gap > 1) + 1")).toMatch(/needs numbers/);
    expect(rejected("gap and year")).toMatch(/true\/false operands/);
  });

  it("rejects undeclared symbols with a hint (mathjs would read some as units)", () => {
    expect(rejected("gapp > 1")).toMatch(/unknown symbol "gapp".*did you mean "gap"/);
    expect(rejected("5 cm > 1")).toMatch(/implicit multiplication|unknown symbol/);
    expect(rejected("s > 1")).toMatch(/unknown symbol "s"/);
  });

  // A growing corpus of known sandbox-escape payloads and disallowed constructs.
  const payloads = [
    'cos.constructor("return process")()',
    "import({}, {override: true})",
    'evaluate("1+1") > 1',
    'parse("1")',
    "f(x) = x",
    "x = 5",
    "[1, 2, 3]",
    "{a: 1}",
    "1:10",
    'createUnit("foo")',
    'simplify("x") > 0',
    "random() > 0.5",
    '"abc" == "abc"',
    "gap.constructor",
    "gap[1] > 0",
    "a = 1; b = 2",
    "1 < gap < 3",
    "chain(1) > 0",
    'reviver("x")',
    "derivative(gap, year) > 0",
    'resolve("x")',
    "Infinity > 1",
    "NaN == NaN",
    "pi > 3",
    "(x) => x",
    "compile(gap)",
    "3 gap > 1",
    "e^2 > 1",
    "typeOf(gap) == 1",
    "concat(1, 2) > 0",
    '[].map.constructor("return process")()',
    '"".constructor.prototype',
    'f = typed({"number": f(x) = x})',
    'parse("1").compile().evaluate()',
    'unit("5 cm") > 0',
    "cos.constructor",
    "sin.apply(null, [1])",
    "gap ? 1 : 0",
    "true + 1 > 0",
  ];
  it.each(payloads)("rejects %s", (text) => {
    rejected(text);
  });

  it("evaluates without mathjs and fails loudly on NaN or infinity", () => {
    const scope = { year: 2030, gap: 5, capability_CN: 7, capability_US: 8 };
    expect(() => ok("gap / (gap - 5) > 1").evaluate(scope)).toThrow(/"\/" gave Infinity/);
    expect(() => ok("sqrt(capability_CN - capability_US) > 1").evaluate(scope)).toThrow(/sqrt\(...\) gave NaN/);
    expect(() => ok("10 ^ (gap * 100) > 1").evaluate(scope)).toThrow(/gave Infinity/);
    expect(ok("round(-2.5) == -3 and round(2.5) == 3 and -7 % 3 == 2", "boolean").evaluate(scope)).toBe(true);
    expect(ok("log(8, 2)", "number").evaluate(scope)).toBeCloseTo(3, 12);
    expect(ok("gap > 1 xor year > 3000", "boolean").evaluate(scope)).toBe(true);
  });

  it("parses with a mathjs instance whose ways out are disabled, there and in its expressions' namespace, and which has no units", () => {
    const math = parserMath as unknown as Record<string, unknown> & { expression: { mathWithTransform: Record<string, unknown> } };
    for (const name of ["import", "createUnit", "reviver", "evaluate", "parse", "simplify", "derivative", "resolve", "compile", "chain", "create"]) {
      for (const fn of [math[name], math.expression.mathWithTransform[name]]) {
        if (fn === undefined && (name === "chain" || name === "create")) continue; // not in the expressions' namespace at all
        expect(() => (fn as (x: string) => unknown)("1"), name).toThrow(`${name} is disabled`);
      }
    }
    expect(math["Unit"]).toBeUndefined();
    expect(() => math["unit"]).toThrow(/missing: "Unit"/);
    // a function not on the list is left as it is
    expect((math["add"] as (a: number, b: number) => number)(1, 2)).toBe(3);
  });

  it("rejects over-long and over-deep expressions", () => {
    expect(rejected("gap + ".repeat(100) + "1 > 0")).toMatch(/longer than/);
    expect(rejected("(".repeat(40) + "gap" + ")".repeat(40) + " > 0")).toMatch(/deeper/);
  });
});
