/**
 * What a check measures in a run, declared as data, and how it is computed from the plain
 * outcomes an experiment records (a metric's value at a quarter, or its mean over quarters).
 *
 *   term     a metric symbol (capability_CN, frontier_capability); or a metric of every
 *            country, lab (of one country, or all) or chip design (of one designer, or all)
 *            reduced by max, sum or mean; or the difference, product or ratio of two terms
 *   how      at DATE              the term's value at the end of that quarter
 *            mean FROM..TO        its mean over the quarters (linear terms only)
 *            growth FROM..TO      (value at TO / value at FROM)^(1 / years)        [x/yr]
 *            decline FROM..TO     the same, FROM over TO: how fast it falls         [x/yr]
 *            rate FROM..TO        10^((value at TO - value at FROM) / years), for a
 *                                 term in OOM                                       [x/yr]
 *            change FROM..TO      value at TO - value at FROM
 *   scale    multiplies the result (EFLOP/s -> M H100e: 0.001); log: log10 of the result
 *
 * A measure expands to primitive outcomes; `measureValue` recombines one run's values of them.
 */
import { parseQuarter } from "../engine/clock.js";
import * as fm from "../engine/fmath.js";

export type Term =
  | { metric: string }
  | { reduce: "max" | "sum" | "mean"; name: string; over: "country" | "firm" | "design"; of?: string }
  | { minus: [Term, Term] }
  | { times: [Term, Term] }
  | { div: [Term, Term] };

export type Measure =
  | { term: Term; how: "at"; date: string; scale?: number; log?: boolean }
  | { term: Term; how: "mean" | "growth" | "decline" | "rate" | "change"; from: string; to: string; scale?: number; log?: boolean };

/** A primitive outcome: one symbol's value at a step, or its mean over steps. */
export interface Primitive {
  symbol: string;
  aggregate: "at" | "mean";
  from: number;
  to: number;
}

/** What the world offers to expand a term: ids by kind, and each lab's country. */
export interface Entities {
  countries: readonly string[];
  firms: readonly { id: string; country: string }[];
  designs: readonly { id: string; designer: string }[];
}

export function primitiveKey(p: Primitive): string {
  return p.aggregate === "at" ? `${p.symbol}@${p.from}` : `${p.symbol}@${p.from}-${p.to}`;
}

/** Symbols of a term with their signs (for linear terms) and whether it is linear. */
function symbolsOf(term: Term, ents: Entities): { symbols: string[]; linear: boolean } {
  if ("metric" in term) return { symbols: [term.metric], linear: true };
  if ("minus" in term || "times" in term || "div" in term) {
    const [x, y] = "minus" in term ? term.minus : "times" in term ? term.times : term.div;
    const a = symbolsOf(x, ents);
    const b = symbolsOf(y, ents);
    return { symbols: [...a.symbols, ...b.symbols], linear: a.linear && b.linear && "minus" in term };
  }
  const ids =
    term.over === "country"
      ? ents.countries.filter((c) => term.of === undefined || c === term.of)
      : term.over === "firm"
        ? ents.firms.filter((f) => term.of === undefined || f.country === term.of).map((f) => f.id)
        : ents.designs.filter((d) => term.of === undefined || d.designer === term.of).map((d) => d.id);
  return { symbols: ids.map((id) => `${term.name}_${id}`), linear: term.reduce !== "max" };
}

/** The steps a measure reads, from the start quarter of the scenario. */
export function stepsOf(m: Measure, start: number): { from: number; to: number } {
  const q = (text: string) => {
    const v = parseQuarter(text);
    if (v === undefined) throw new Error(`not a quarter: ${text}`);
    return v - start;
  };
  return m.how === "at" ? { from: q(m.date), to: q(m.date) } : { from: q(m.from), to: q(m.to) };
}

/** The primitive outcomes a measure needs (empty when its term names no entity). */
export function primitivesOf(m: Measure, ents: Entities, start: number): Primitive[] {
  const { symbols, linear } = symbolsOf(m.term, ents);
  const { from, to } = stepsOf(m, start);
  if (m.how === "mean") {
    if (!linear) throw new Error("a mean over quarters needs a linear term (no max)");
    return symbols.map((symbol) => ({ symbol, aggregate: "mean", from, to }));
  }
  if (m.how === "at") return symbols.map((symbol) => ({ symbol, aggregate: "at", from, to: from }));
  return symbols.flatMap((symbol) => [
    { symbol, aggregate: "at" as const, from, to: from },
    { symbol, aggregate: "at" as const, from: to, to },
  ]);
}

/** The value of a term given a lookup of its symbols' values (at one step, or means). */
function termValue(term: Term, ents: Entities, value: (symbol: string) => number): number {
  if ("metric" in term) return value(term.metric);
  if ("minus" in term) return termValue(term.minus[0], ents, value) - termValue(term.minus[1], ents, value);
  if ("times" in term) return termValue(term.times[0], ents, value) * termValue(term.times[1], ents, value);
  if ("div" in term) return termValue(term.div[0], ents, value) / termValue(term.div[1], ents, value);
  const { symbols } = symbolsOf(term, ents);
  if (symbols.length === 0) return NaN;
  const xs = symbols.map(value);
  if (term.reduce === "max") return Math.max(...xs);
  const sum = xs.reduce((a, b) => a + b, 0);
  return term.reduce === "sum" ? sum : sum / xs.length;
}

/**
 * One run's value of a measure. `value(p)` is the run's value of a primitive outcome (NaN when
 * the run does not have it).
 */
export function measureValue(m: Measure, ents: Entities, start: number, value: (p: Primitive) => number): number {
  const { from, to } = stepsOf(m, start);
  const at = (step: number) => termValue(m.term, ents, (symbol) => value({ symbol, aggregate: "at", from: step, to: step }));
  const years = (to - from) / 4;
  let v: number;
  switch (m.how) {
    case "at":
      v = at(from);
      break;
    case "mean":
      v = termValue(m.term, ents, (symbol) => value({ symbol, aggregate: "mean", from, to }));
      break;
    case "growth":
      v = fm.pow(at(to) / at(from), 1 / years);
      break;
    case "decline":
      v = fm.pow(at(from) / at(to), 1 / years);
      break;
    case "rate":
      v = fm.pow(10, (at(to) - at(from)) / years);
      break;
    case "change":
      v = at(to) - at(from);
      break;
  }
  v *= m.scale ?? 1;
  return m.log === true ? fm.log10(v) : v;
}

/** A measure in words, for the document: "growth of compute_total, 2025Q3-2027Q4". */
export function describeMeasure(m: Measure): string {
  const term = describeTerm(m.term);
  const tail = `${m.scale !== undefined && m.scale !== 1 ? ` x ${m.scale}` : ""}${m.log === true ? ", log10" : ""}`;
  switch (m.how) {
    case "at":
      return `${term} at ${m.date}${tail}`;
    case "mean":
      return `mean of ${term}, ${m.from}-${m.to}${tail}`;
    case "growth":
      return `growth of ${term}, ${m.from}-${m.to}${tail}`;
    case "decline":
      return `decline of ${term}, ${m.from}-${m.to}${tail}`;
    case "rate":
      return `10^(yearly change) of ${term}, ${m.from}-${m.to}${tail}`;
    case "change":
      return `change of ${term}, ${m.from} to ${m.to}${tail}`;
  }
}

function describeTerm(t: Term): string {
  if ("metric" in t) return t.metric;
  if ("minus" in t) return `${describeTerm(t.minus[0])} - ${describeTerm(t.minus[1])}`;
  if ("times" in t) return `${describeTerm(t.times[0])} x ${describeTerm(t.times[1])}`;
  if ("div" in t) return `${describeTerm(t.div[0])} / ${describeTerm(t.div[1])}`;
  const scope = t.over === "country" ? "countries" : t.over === "design" ? (t.of === undefined ? "chip designs" : `${t.of}'s chip designs`) : t.of === undefined ? "labs" : `${t.of}'s labs`;
  return `${t.reduce} of ${t.name} over ${scope}`;
}
