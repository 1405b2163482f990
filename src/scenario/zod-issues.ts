/**
 * zod issues -> our issues: a position in the file, a scenario path, and a message in plain
 * words with the field's unit and a "did you mean" for misspelled keys.
 */
import type * as z from "zod";
import { globalRegistry, toJSONSchema } from "zod";
import type { Bounds } from "../engine/events.js";
import type { Issue, Pos } from "./issues.js";
import { didYouMean, quoted } from "./issues.js";
import type { TreePath } from "./locate.js";
import { describeValue, displayPath, posOf, valueAt } from "./locate.js";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  /** For discriminated unions: the key that picks the branch. */
  discriminator?: string;
}

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

interface SchemaInfo {
  node: z.ZodType | undefined;
  unit?: string;
  description?: string;
}

/** Peels optional/pipe wrappers, keeping the first unit and description met. */
function unwrap(s: z.ZodType, info: SchemaInfo): z.ZodType {
  let cur: z.ZodType = s;
  for (let guard = 0; guard < 16; guard++) {
    const meta = globalRegistry.get(cur) as { unit?: string; description?: string } | undefined;
    if (meta?.unit !== undefined && info.unit === undefined) info.unit = meta.unit;
    if (meta?.description !== undefined && info.description === undefined) info.description = meta.description;
    const d = defOf(cur);
    if ((d.type === "optional" || d.type === "default" || d.type === "nullable") && d.innerType) cur = d.innerType;
    else if (d.type === "pipe" && d.in) cur = d.in;
    else break;
  }
  return cur;
}

/** Parameters (section.key) a model version removed, with what replaced them (so an old scenario gets a useful message). */
export const RETIRED_KEYS: ReadonlyMap<string, { since: string; hint: string }> = new Map([
  ["model.absorptionHalfRnd", { since: "0.3.0", hint: "absorptive capacity is now relative to the largest lab's research; use absorptionHalfShare (in 1, 0.1 in the baseline)" }],
  ["model.releasePull", { since: "0.3.0", hint: "releases now follow each lab's knowledge at a rate set by its openness; use releaseRate (in 1/yr, 8 in the baseline)" }],
  ["model.releaseHalfSpend", { since: "0.3.0", hint: "openness is now the open share of a lab's budget; use opennessHalfShare (in 1, 0.1 in the baseline)" }],
  ["model.openThreshold", { since: "0.3.0", hint: "no threshold makes a lab open-weight any more: every lab with open work releases models, sooner and larger the more open it is (opennessHalfShare, releaseDiscount)" }],
  ["market.markupPower", { since: "0.5.0", hint: "each country's labs now set the price that maximises their profit given how users respond to price (market.priceSensitivity) and their share of the markets they sell in; to model a price war, raise priceSensitivity" }],
  ["market.fundingMultiple", { since: "0.5.0", hint: "investors now put in a multiple of a lab's gross profit, its revenue less the cost of serving it; use investorMultiple (in 1, 6 in the baseline)" }],
  ["model.regulationPenalty", { since: "0.14.0", hint: "regulation no longer takes a fixed OOM off deployment-bound domains; it slows their deployment and so the experience that raises their capability: use deployment.regulation (the share of deployment the heaviest burden stops, 0.8 in the baseline) with countries.<c>.deployment" }],
  ["semiconductors.controlLeakage", { since: "0.13.0", hint: "smuggling and licensed sales are now quantities set on each rule: countries.<c>.policy.exportControls.smuggling and .licensed (in k chips/yr; 60 and 0 on the US rule in the baseline), with semiconductors.smugglingPremium (a multiple of the price, 1.2 in the baseline); the baseline's old share of 0.1 was about 14,000 chips a year in 2025" }],
]);

/** Why deployment.entry has no rate but driving's. */
const ENTRY_HINT = "; only driving has an entry rate: AI medical devices and robots are counted where they are in use (countries.<c>.deployment), whoever made them";

/** "was removed in model X: hint" for a retired parameter at this path (section.key), or undefined. */
export function retiredKey(path: readonly (string | number)[]): string | undefined {
  if (path.length !== 2) return undefined;
  const r = RETIRED_KEYS.get(`${String(path[0])}.${String(path[1])}`);
  return r === undefined ? undefined : `${quoted(String(path[1]))} was removed in model ${r.since}: ${r.hint}`;
}


/** The schema node at a path of the input tree, with its unit and description. */
export function schemaAt(root: z.ZodType, path: TreePath): SchemaInfo {
  let info: SchemaInfo = { node: undefined };
  let cur: z.ZodType | undefined = unwrap(root, info);
  for (const seg of path) {
    if (cur === undefined) break;
    const d = defOf(cur);
    let next: z.ZodType | undefined;
    if (d.type === "object" && typeof seg === "string") next = d.shape?.[seg];
    else if (d.type === "array" && typeof seg === "number") next = d.element;
    else if (d.type === "record") next = d.valueType;
    else if (d.type === "union") {
      const obj = d.options?.find((o) => defOf(unwrap(o, { node: undefined })).type === "object");
      const od = obj ? defOf(unwrap(obj, { node: undefined })) : undefined;
      next = typeof seg === "string" ? od?.shape?.[seg] : undefined;
    }
    info = { node: undefined };
    cur = next === undefined ? undefined : unwrap(next, info);
  }
  info.node = cur;
  return info;
}

export interface NumberBounds extends Bounds {
  readonly unit: string;
}

/**
 * The range of the numeric field at a scenario path written with ids (countries.CN.gdp), from
 * the schema: what an event may set it to. Undefined when the path is not a numeric field.
 */
export function fieldBounds(root: z.ZodType, idPath: readonly string[]): NumberBounds | undefined {
  const treePath: (string | number)[] = [];
  let info = schemaAt(root, []);
  for (const seg of idPath) {
    // an agent list is addressed by id; any element stands for the element schema
    treePath.push(info.node && defOf(info.node).type === "array" ? 0 : seg);
    info = schemaAt(root, treePath);
  }
  const node = info.node;
  if (node === undefined) return undefined;
  const d = defOf(node);
  const numeric = d.type === "number" ? node : d.type === "union" ? d.options?.find((o) => defOf(o).type === "number") : undefined;
  if (numeric === undefined) return undefined;
  const js = toJSONSchema(numeric) as { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };
  return {
    min: js.exclusiveMinimum ?? js.minimum ?? -Number.MAX_VALUE,
    max: js.exclusiveMaximum ?? js.maximum ?? Number.MAX_VALUE,
    minExclusive: js.exclusiveMinimum !== undefined,
    maxExclusive: js.exclusiveMaximum !== undefined,
    unit: info.unit ?? "",
  };
}

export function describeBounds(b: NumberBounds): string {
  const lo = b.min === -Number.MAX_VALUE ? "" : `${b.minExclusive ? "greater than" : "at least"} ${b.min}`;
  const hi = b.max === Number.MAX_VALUE ? "" : `${b.maxExclusive ? "less than" : "at most"} ${b.max}`;
  return [lo, hi].filter(Boolean).join(" and ") + (b.unit && b.unit !== "1" ? ` (in ${b.unit})` : "");
}

/** Whether the schema expects a list at `path` (events, milestones, countries, ...). */
export function expectsList(root: z.ZodType, path: TreePath): boolean {
  const node = schemaAt(root, path).node;
  return node !== undefined && defOf(node).type === "array";
}

/** The keys a map at `path` may have (for a discriminated union, those of the branch `value` picks). */
export function knownKeys(root: z.ZodType, path: TreePath, value?: unknown): string[] {
  const node = schemaAt(root, path).node;
  if (!node) return [];
  const d = defOf(node);
  if (d.type === "object") return Object.keys(d.shape ?? {});
  if (d.type === "union" && d.discriminator !== undefined && typeof value === "object" && value !== null) {
    const tag = (value as Record<string, unknown>)[d.discriminator];
    for (const o of d.options ?? []) {
      const od = defOf(unwrap(o, { node: undefined }));
      const lit = od.shape?.[d.discriminator];
      const values = lit ? (defOf(lit) as unknown as { values?: unknown[] }).values : undefined;
      if (od.type === "object" && values?.includes(tag)) return Object.keys(od.shape ?? {});
    }
  }
  if (d.type === "union") {
    for (const o of d.options ?? []) {
      const od = defOf(unwrap(o, { node: undefined }));
      if (od.type === "object") return Object.keys(od.shape ?? {});
    }
  }
  return [];
}

type RawIssue = z.core.$ZodIssue;

export function convertZodIssues(
  schema: z.ZodType,
  tree: unknown,
  raw: readonly RawIssue[],
  fallback: Pos,
  prefix: TreePath = [],
): Issue[] {
  const out: Issue[] = [];
  for (const issue of raw) {
    const path: TreePath = [...prefix, ...(issue.path as (string | number)[])];
    const value = valueAt(tree, path);
    const info = schemaAt(schema, path);
    const unit = info.unit !== undefined && info.unit !== "1" ? ` (in ${info.unit})` : "";
    const here = { pos: posOf(tree, path, fallback), path: displayPath(tree, path) };
    const missing = value === undefined && path.length > 0 && valueAt(tree, path.slice(0, -1)) !== undefined;
    if (missing && (issue.code === "invalid_type" || issue.code === "invalid_union")) {
      out.push({
        pos: posOf(tree, path.slice(0, -1), fallback, true),
        path: here.path,
        message: `missing required key "${String(path[path.length - 1])}"${info.description ? `: ${info.description}` : ""}`,
      });
      continue;
    }
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = knownKeys(schema, path, value);
        for (const k of issue.keys) {
          const p = [...path, k];
          const retired = retiredKey(p);
          const entry = p.length === 3 && p[0] === "deployment" && p[1] === "entry" ? ENTRY_HINT : "";
          const message = retired ?? `unknown key ${quoted(k)}${didYouMean(k, known)}${entry}`;
          out.push({ pos: posOf(tree, p, fallback, true), path: displayPath(tree, p), message });
        }
        break;
      }
      case "invalid_type": {
        // a named parameter is a map: say how to give it a new value
        const named = issue.path.length === 2 && issue.path[0] === "parameters" && typeof value === "number";
        const hint = named ? ` (a named parameter is {value or expr, unit, source}; to change its value write parameters.${String(issue.path[1])}.value=${String(value)})` : "";
        out.push({ ...here, message: `expected ${article(issue.expected)}${unit}, got ${describeValue(value)}${hint}` });
        break;
      }
      case "invalid_union": {
        const tagged = issue as unknown as { note?: string; options?: unknown[] };
        if (tagged.note === "No matching discriminator" && Array.isArray(tagged.options)) {
          out.push({ ...here, message: `must be one of ${tagged.options.map((o) => JSON.stringify(o)).join(", ")}, got ${describeValue(value)}` });
          break;
        }
        // Report the branch that matches the value's shape (a quantity map, say); if none
        // does, say which shapes are accepted.
        const branches = issue.errors.filter((b) => !(b.length === 1 && b[0]?.code === "invalid_type" && b[0].path.length === 0));
        const best = [...branches].sort((a, b) => a.length - b.length)[0];
        if (best !== undefined) {
          out.push(...convertZodIssues(schema, tree, best, fallback, path));
        } else {
          const quantity = info.unit !== undefined;
          const shapes = issue.errors
            .map((b) => (b[0]?.code === "invalid_type" ? article(b[0].expected) : "?"))
            .filter((e) => !(quantity && e === "a map"));
          const accepted = [...new Set(shapes), ...(quantity ? ["{value, unit, source}"] : [])].join(" or ");
          out.push({ ...here, message: `expected ${accepted}${unit}, got ${describeValue(value)}` });
        }
        break;
      }
      case "too_small":
      case "too_big": {
        const last = path[path.length - 1];
        const empty = issue.code === "too_small" && issue.origin === "array" && typeof last === "string" ? EMPTY_LIST_HINTS.get(last) : undefined;
        out.push({ ...here, message: boundMessage(issue, unit, value) + (empty === undefined ? "" : `: ${empty}`) });
        break;
      }
      case "invalid_value":
        out.push({
          ...here,
          message: issue.message.startsWith("Invalid")
            ? `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(value)}`
            : issue.message,
        });
        break;
      default:
        out.push({ ...here, message: issue.message });
    }
  }
  return out;
}

/** What an empty list would mean to its writer, and how to say it instead. */
const EMPTY_LIST_HINTS: ReadonlyMap<string, string> = new Map([
  ["licensedDesigns", "leave licensedDesigns out to license every design the rule controls, or set licensed to 0 to license none"],
  ["markets", "leave markets out to offer the design in every country"],
]);

function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, unit: string, value: unknown): string {
  const small = issue.code === "too_small";
  const n = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  if (issue.origin === "array") return small ? `needs at least ${n} item${n === 1 ? "" : "s"}` : `has more than the ${n} items allowed`;
  if (issue.origin === "string") return small ? (n <= 1 ? "must not be empty" : `must have at least ${n} characters`) : `must have at most ${n} characters`;
  if (Math.abs(n) >= Number.MAX_SAFE_INTEGER) return "must be a whole number within +-2^53";
  const rel = small ? (issue.inclusive ? "at least" : "greater than") : issue.inclusive ? "at most" : "less than";
  return `must be ${rel} ${n}${unit}, got ${describeValue(value).replace(/^number /, "")}`;
}

function article(t: string): string {
  if (t === "int") return "a whole number";
  if (t === "array") return "a list";
  if (t === "object") return "a map";
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
