/**
 * Variants of a scenario tree for the evaluation suite: fields set, a library scenario's changes
 * applied, and the structural transforms the invariance checks need (a lab split into two
 * halves, a country's labs merged, openness scaled, every id renamed, every list reversed).
 * Trees are never changed in place: each transform returns a new tree.
 *
 * Split: the lab's starting budget, compute and cash are halved between two labs that are
 * otherwise identical. Merge: budgets, compute and cash add up; the merged lab keeps the best
 * knowledge of the labs it joins (the best recipe is now in-house); its budget growth, backing,
 * talent and budget split are the budget-weighted means of theirs. Both keep the country's
 * starting totals, so any change in its totals comes from the model, not from the file.
 */
import { isRecord } from "../engine/path.js";
import type { Issue, Pos, Result } from "../scenario/issues.js";
import { setPath } from "../scenario/load.js";
import { mergeValues } from "../scenario/merge.js";
import type { Transform, VariantDef } from "./suite.js";

type Tree = Record<string, unknown>;

const HERE: Pos = { file: "<evaluation>", line: 1, col: 1 };

/** A quantity's number (a plain number or {value, unit, source}). */
export function num(q: unknown): number | undefined {
  if (typeof q === "number") return q;
  if (isRecord(q) && typeof q["value"] === "number") return q["value"];
  return undefined;
}

/** The same quantity with another value (its unit and source kept). */
function withValue(q: unknown, v: number): unknown {
  return isRecord(q) ? { ...q, value: v } : v;
}

function firmsOf(tree: Tree): Tree[] {
  const firms = tree["firms"];
  return Array.isArray(firms) ? firms.filter(isRecord) : [];
}

/** Fields set by path (as --set does, with plain values). */
export function setFields(tree: Tree, sets: readonly (readonly [string, unknown])[]): Result<Tree> {
  const issues: Issue[] = [];
  let out = tree;
  for (const [path, value] of sets) out = setPath(out, path, value, () => HERE, HERE, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, warnings: [], value: out };
}

/** A library scenario's own changes, merged into `tree` as `extends` would merge them. */
export function applyChanges(tree: Tree, overlay: Tree): Result<Tree> {
  const issues: Issue[] = [];
  const own: Tree = {};
  for (const [k, v] of Object.entries(overlay)) if (!["extends", "name", "title", "description", "seed", "$schema"].includes(k)) own[k] = v;
  const out = mergeValues(tree, own, "", issues) as Tree;
  return issues.length > 0 ? { ok: false, issues } : { ok: true, warnings: [], value: out };
}

function fail(message: string): Result<Tree> {
  return { ok: false, issues: [{ pos: HERE, path: "", message }] };
}

/** The lab of a country with the largest starting budget (the first of equals). */
function largestLab(firms: Tree[], country: string): Tree | undefined {
  let best: Tree | undefined;
  for (const f of firms) {
    if (f["country"] !== country) continue;
    if (best === undefined || (num(initial(f)["budget"]) ?? 0) > (num(initial(best)["budget"]) ?? 0)) best = f;
  }
  return best;
}

function initial(f: Tree): Tree {
  return isRecord(f["initial"]) ? f["initial"] : {};
}

export function splitLab(tree: Tree, country: string): Result<Tree> {
  const firms = firmsOf(tree);
  const lab = largestLab(firms, country);
  if (lab === undefined) return fail(`${country} has no lab to split`);
  const id = String(lab["id"]);
  const ids = new Set(firms.map((f) => String(f["id"])));
  const half = (suffix: string): Tree => {
    const init = initial(lab);
    const out: Tree = { ...init };
    for (const key of ["budget", "compute", "cash"]) {
      const v = num(init[key]);
      if (v !== undefined) out[key] = withValue(init[key], v / 2);
    }
    return { ...lab, id: `${id}${suffix}`, name: `${String(lab["name"])} (${suffix})`, initial: out };
  };
  if (ids.has(`${id}A`) || ids.has(`${id}B`) || id.length > 31) return fail(`cannot name the halves of ${id}`);
  const out = firms.flatMap((f) => (f === lab ? [half("A"), half("B")] : [f]));
  return { ok: true, warnings: [], value: { ...tree, firms: out } };
}

export function mergeLabs(tree: Tree, country: string): Result<Tree> {
  const firms = firmsOf(tree);
  const labs = firms.filter((f) => f["country"] === country);
  if (labs.length < 2) return fail(`${country} has fewer than two labs to merge`);
  const lead = largestLab(firms, country) as Tree;
  const budgets = labs.map((f) => num(initial(f)["budget"]) ?? 0);
  const total = budgets.reduce((a, b) => a + b, 0);
  const weighted = (get: (f: Tree) => number) => labs.reduce((s, f, i) => s + (budgets[i]! / total) * get(f), 0);
  const sum = (key: string, fallback: (f: Tree) => number) => labs.reduce((s, f) => s + (num(initial(f)[key]) ?? fallback(f)), 0);
  const alloc = (f: Tree, key: string) => {
    const a = isRecord(f["allocation"]) ? f["allocation"] : {};
    const t = (num(a["rnd"]) ?? 0) + (num(a["open"]) ?? 0) + (num(a["compute"]) ?? 0);
    return t > 0 ? (num(a[key]) ?? 0) / t : 0;
  };
  const li = initial(lead);
  const la = isRecord(lead["allocation"]) ? lead["allocation"] : {};
  const anyCash = labs.some((f) => initial(f)["cash"] !== undefined);
  const merged: Tree = {
    ...lead,
    name: `${country} labs merged`,
    budgetGrowth: withValue(lead["budgetGrowth"], weighted((f) => num(f["budgetGrowth"]) ?? 1)),
    backing: withValue(lead["backing"] ?? 0, weighted((f) => num(f["backing"]) ?? 0)),
    talent: withValue(lead["talent"] ?? 1, weighted((f) => num(f["talent"]) ?? 1)),
    allocation: Object.fromEntries(["rnd", "open", "compute"].map((k) => [k, withValue(la[k] ?? 0, weighted((f) => alloc(f, k)))])),
    initial: {
      ...li,
      budget: withValue(li["budget"], total),
      compute: withValue(li["compute"], sum("compute", () => 0)),
      knowledge: withValue(li["knowledge"], Math.max(...labs.map((f) => num(initial(f)["knowledge"]) ?? 0))),
      ...(anyCash ? { cash: withValue(li["cash"] ?? 0, sum("cash", (f) => num(initial(f)["budget"]) ?? 0)) } : {}),
    },
  };
  const out = firms.flatMap((f) => (f === lead ? [merged] : labs.includes(f) ? [] : [f]));
  return { ok: true, warnings: [], value: { ...tree, firms: out } };
}

export function scaleOpen(tree: Tree, factor: number): Result<Tree> {
  const firms = firmsOf(tree).map((f) => {
    const a = isRecord(f["allocation"]) ? f["allocation"] : {};
    const open = num(a["open"]) ?? 0;
    return { ...f, allocation: { ...a, open: withValue(a["open"] ?? 0, open * factor) } };
  });
  return { ok: true, warnings: [], value: { ...tree, firms } };
}

export function applyTransform(tree: Tree, t: Transform): Result<Tree> {
  switch (t.kind) {
    case "split-lab":
      return splitLab(tree, t.country);
    case "merge-labs":
      return mergeLabs(tree, t.country);
    case "scale-open":
      return scaleOpen(tree, t.factor);
  }
}

/** The tree of a variant: the base with the variant's changes, sets and transform, in that order. */
export function variantTree(base: Tree, v: VariantDef, changesOf: (name: string) => Result<Tree>): Result<Tree> {
  let tree = base;
  if (v.changes !== undefined) {
    const overlay = changesOf(v.changes);
    if (!overlay.ok) return overlay;
    const r = applyChanges(tree, overlay.value);
    if (!r.ok) return r;
    tree = r.value;
  }
  if (v.set !== undefined) {
    const r = setFields(tree, v.set);
    if (!r.ok) return r;
    tree = r.value;
  }
  if (v.transform !== undefined) {
    const r = applyTransform(tree, v.transform);
    if (!r.ok) return r;
    tree = r.value;
  }
  return { ok: true, warnings: [], value: tree };
}

/** Ids of the agents a scenario declares: countries, labs, fabs and chip designs. */
export function agentIds(tree: Tree): string[] {
  const ids: string[] = [];
  const take = (list: unknown) => {
    if (Array.isArray(list)) for (const el of list) if (isRecord(el) && typeof el["id"] === "string") ids.push(el["id"]);
  };
  take(tree["countries"]);
  take(tree["firms"]);
  const sc = tree["semiconductors"];
  if (isRecord(sc)) {
    take(sc["fabs"]);
    take(sc["designs"]);
  }
  return ids;
}

/**
 * Every agent id renamed, wherever it is written (ids, references, event targets, expression
 * symbols such as capability_CN, prose): new ids sort in the reverse order of the old ones, so a
 * result that depends on names or on their alphabetical order shows. Returns the new tree and
 * the map old id -> new id.
 */
export function renameIds(tree: Tree): { tree: Tree; map: Map<string, string> } {
  const ids = [...new Set(agentIds(tree))];
  const sorted = [...ids].sort();
  const map = new Map(sorted.map((id, i) => [id, `R${String(9999 - i)}`]));
  const alternation = [...ids].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).join("|");
  const re = new RegExp(`(?<![A-Za-z0-9])(${alternation})(?![A-Za-z0-9])`, "g");
  const text = (s: string) => s.replace(re, (id) => map.get(id) ?? id);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [map.get(k) ?? k, walk(x)]));
    return v;
  };
  return { tree: walk(tree) as Tree, map };
}

/** Countries, labs, fabs and chip designs listed in the reverse order. */
export function reverseLists(tree: Tree): Tree {
  const rev = (v: unknown) => (Array.isArray(v) ? [...v].reverse() : v);
  const out: Tree = { ...tree, countries: rev(tree["countries"]), firms: rev(tree["firms"]) };
  const sc = tree["semiconductors"];
  if (isRecord(sc)) out["semiconductors"] = { ...sc, fabs: rev(sc["fabs"]), designs: rev(sc["designs"]) };
  return out;
}
