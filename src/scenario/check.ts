/**
 * Checks that need more than the schema: references between agents, unique ids, dates inside
 * the horizon, event targets, and expressions (parsed, allowlisted, symbols declared, typed).
 * Compiles events, milestones and named parameters for the engine.
 */
import { parseQuarter } from "../engine/clock.js";
import * as fm from "../engine/fmath.js";
import type { ActionSpec, EventSpec, MilestoneSpec } from "../engine/events.js";
import { isRecord, parsePath, resolveSlot, readSlot } from "../engine/path.js";
import { METRICS } from "../model/metrics.js";
import type { CompiledExpression } from "./expr.js";
import { compileExpression, ExpressionError, FUNCTIONS } from "./expr.js";
import type { Issue, Pos, Result } from "./issues.js";
import { didYouMean } from "./issues.js";
import type { TreePath } from "./locate.js";
import { posOf } from "./locate.js";
import type { Scenario } from "./schema.js";
import { scenarioSchema } from "./schema.js";
import { withinBounds } from "../engine/events.js";
import { describeBounds, fieldBounds, retiredKey } from "./zod-issues.js";

export const MAX_STEPS = 800;
const RESERVED = new Set(["year", "time", "step", "true", "false", "and", "or", "not", "xor", "mod", "to", "in", ...Object.keys(FUNCTIONS)]);

/** Names an expression symbol may not have: reserved words and Object.prototype's members. */
function isReserved(name: string): boolean {
  return RESERVED.has(name) || name in Object.prototype;
}

/** Evaluates a constant expression; a non-finite result is reported as a message. */
function evaluateConstant(expr: CompiledExpression, constants: Record<string, number>): number | string {
  try {
    const v = expr.evaluate(constants);
    return typeof v === "number" && Number.isFinite(v) ? v : `evaluates to ${String(v)}; a finite number is needed`;
  } catch (e) {
    if (e instanceof ExpressionError) return `cannot be evaluated: ${e.message}`;
    throw e;
  }
}

export interface Compiled {
  events: EventSpec[];
  milestones: MilestoneSpec[];
  constants: Record<string, number>;
}

/** Expression symbols: year, step, the scenario's parameters, and every metric of every entity. */
export function conditionSymbols(s: Scenario, constants: Record<string, number>): Set<string> {
  return new Set<string>(["year", "time", "step", ...Object.keys(constants), ...metricSymbolOwners(s).keys()]);
}

/**
 * Metric symbols and what each names (`capability_CN` -> country CN's capability). Two
 * meanings for one symbol (a country with id "total" makes `compute_total` clash with the
 * global metric) are reported by `checkScenario`.
 */
function metricSymbolOwners(s: Scenario): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const own = (symbol: string, what: string) => owners.set(symbol, [...(owners.get(symbol) ?? []), what]);
  for (const m of METRICS) {
    if (m.kind === "global") own(m.name, `the global metric ${m.name}`);
    else if (m.kind === "country") for (const c of s.countries) own(`${m.name}_${c.id}`, `${m.name} of country ${c.id}`);
    else if (m.kind === "firm") for (const f of s.firms) own(`${m.name}_${f.id}`, `${m.name} of lab ${f.id}`);
    else if (m.kind === "design") for (const d of s.semiconductors?.designs ?? []) own(`${m.name}_${d.id}`, `${m.name} of chip design ${d.id}`);
    else if (m.kind === "fab") for (const f of s.semiconductors?.fabs ?? []) own(`${m.name}_${f.id}`, `${m.name} of fab ${f.id}`);
  }
  return owners;
}

export function checkScenario(s: Scenario, tree: unknown, fallback: Pos): Result<Compiled> {
  const issues: Issue[] = [];
  const add = (path: TreePath, message: string, key = false) =>
    issues.push({ pos: posOf(tree, path, fallback, key), path: display(s, path), message });

  // horizon
  const start = parseQuarter(s.start) as number;
  const end = parseQuarter(s.end) as number;
  // said at whichever of start and end the user set last: --set before the file being
  // checked, and that file before the files it extends (at end if both or neither)
  const setBy = (key: string) => {
    const file = posOf(tree, [key], fallback).file;
    return file === "--set" ? 0 : file === fallback.file ? 1 : 2;
  };
  const horizon: TreePath = setBy("start") < setBy("end") ? ["start"] : ["end"];
  const horizonOk = end > start && end - start <= MAX_STEPS;
  if (end <= start) add(horizon, horizon[0] === "start" ? `start (${s.start}) must be before end (${s.end})` : `end (${s.end}) must be after start (${s.start})`);
  else if (end - start > MAX_STEPS) add(horizon, `the horizon is ${end - start} quarters; at most ${MAX_STEPS} are allowed`);

  // ids
  const lists = ["sources", "countries", "firms", "events", "milestones"] as const;
  for (const list of lists) {
    const seen = new Map<string, number>();
    (s[list] ?? []).forEach((item, i) => {
      const prev = seen.get(item.id);
      if (prev !== undefined) add([list, i, "id"], `duplicate id "${item.id}" (also item ${prev + 1} of ${list})`);
      else seen.set(item.id, i);
    });
  }
  const countryIds = s.countries.map((c) => c.id);
  const knownCountry = (path: TreePath, id: string, what: string) => {
    if (!countryIds.includes(id)) add(path, `unknown ${what} "${id}"${didYouMean(id, countryIds)}; known: ${countryIds.join(", ")}`);
  };
  s.countries.forEach((c, i) => {
    c.policy.exportControls?.targets.forEach((t, j) => {
      const path = ["countries", i, "policy", "exportControls", "targets", j];
      if (t === c.id) add(path, "a country cannot control exports to itself");
      else knownCountry(path, t, "country");
    });
  });
  const dep = s.deployment;
  if (dep !== undefined) {
    for (const d of ["medical", "driving", "embodied"] as const) {
      const e = fm.log(dep.pastGrowth[d]) / fm.log(dep.spendingGrowth);
      if (e > MAX_DEPLOYMENT_ELASTICITY) {
        // point at whichever of the two the user's own file gave, not a library file it extends
        // (a --set override keeps the position of the value it replaces, so the message names both)
        const own = (path: TreePath) => posOf(tree, path, fallback).file === fallback.file;
        const growth: TreePath = ["deployment", "pastGrowth", d];
        const spending: TreePath = ["deployment", "spendingGrowth"];
        add(own(spending) && !own(growth) ? spending : growth, `spendingGrowth ${dep.spendingGrowth} x/yr and pastGrowth.${d} ${dep.pastGrowth[d]} x/yr give ${d} deployment an elasticity of ${Math.round(e * 10) / 10} to spending on AI (ln pastGrowth / ln spendingGrowth), at most ${MAX_DEPLOYMENT_ELASTICITY}: raise spendingGrowth or lower pastGrowth.${d}`);
      }
    }
  }
  const semi = s.semiconductors;
  if (semi !== undefined) {
    for (const list of ["designs", "fabs"] as const) {
      const seen = new Map<string, number>();
      semi[list].forEach((item, i) => {
        const prev = seen.get(item.id);
        if (prev !== undefined) add(["semiconductors", list, i, "id"], `duplicate id "${item.id}" (also item ${prev + 1} of semiconductors.${list})`);
        else seen.set(item.id, i);
      });
    }
    knownCountry(["semiconductors", "exposureTo"], semi.exposureTo, "country");
    const fabIds = semi.fabs.map((f) => f.id);
    semi.fabs.forEach((f, i) => knownCountry(["semiconductors", "fabs", i, "country"], f.country, "country"));
    semi.designs.forEach((d, i) => {
      knownCountry(["semiconductors", "designs", i, "country"], d.country, "country");
      d.fabs.forEach((f, j) => {
        if (!fabIds.includes(f)) add(["semiconductors", "designs", i, "fabs", j], `unknown fab "${f}"${didYouMean(f, fabIds)}; known: ${fabIds.join(", ") || "none"}`);
        else if (d.fabs.indexOf(f) !== j) add(["semiconductors", "designs", i, "fabs", j], `fab "${f}" is listed twice`);
      });
      d.markets?.forEach((m, j) => {
        const path = ["semiconductors", "designs", i, "markets", j];
        if (d.markets!.indexOf(m) !== j) add(path, `country "${m}" is listed twice`);
        else knownCountry(path, m, "country");
      });
    });
    const designIds = semi.designs.map((d) => d.id);
    s.countries.forEach((c, i) => {
      const listed = c.policy.exportControls?.licensedDesigns;
      listed?.forEach((id, j) => {
        const path = ["countries", i, "policy", "exportControls", "licensedDesigns", j];
        if (!designIds.includes(id)) add(path, `unknown design "${id}"${didYouMean(id, designIds)}; known: ${designIds.join(", ") || "none"}`);
        else if (listed.indexOf(id) !== j) add(path, `design "${id}" is listed twice`);
      });
    });
    if ((semi.scaleOutLoss === undefined) !== (semi.referenceSystem === undefined)) add(["semiconductors", semi.scaleOutLoss !== undefined ? "scaleOutLoss" : "referenceSystem"], "give both scaleOutLoss and referenceSystem, or neither");
    if (semi.designs.length === 0 && (s.mechanisms?.semiconductors ?? true)) add(["semiconductors", "designs"], "at least one chip design is needed to supply compute (or leave out the semiconductors section)");
    s.countries.forEach((c, i) => {
      if ((c.policy.fabInvestment ?? 0) > 0 && !semi.fabs.some((f) => f.country === c.id)) {
        add(["countries", i, "policy", "fabInvestment"], `${c.id} has no fabs to invest in (semiconductors.fabs lists none in ${c.id}); add a fab there or set fabInvestment to 0`);
      }
    });
  }
  s.countries.forEach((c, i) => {
    if (c.powerAdditions === undefined) {
      if (c.policy.aiPowerShare !== undefined) add(["countries", i, "policy", "aiPowerShare"], `${c.id} has no power limit: aiPowerShare is the share of powerAdditions AI data centres can connect, so set ${c.id}'s powerAdditions too, or leave aiPowerShare out`);
      if (c.powerAdditionsGrowth !== undefined) add(["countries", i, "powerAdditionsGrowth"], `${c.id} has no power limit: powerAdditionsGrowth is the growth of powerAdditions, so set ${c.id}'s powerAdditions too, or leave powerAdditionsGrowth out`);
    } else if (semi === undefined) {
      add(["countries", i, "powerAdditions"], `${c.id}'s powerAdditions limits the power of the chips it buys, but the scenario has no semiconductor supply chain (compute is bought at model.computePrice and draws no power); leave it out or add a semiconductors section`);
    }
  });
  {
    const m = s.market;
    const given = m === undefined ? 0 : [m.cloudGrowth, m.cloudExpectation, m.cloudHorizon].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 3) add(["market"], "give all three of cloudGrowth, cloudExpectation and cloudHorizon, or none");
    else if (given === 0 && m !== undefined) {
      s.countries.forEach((c, i) => {
        if ((c.initial.cloudCompute ?? 0) > 0) add(["countries", i, "initial", "cloudCompute"], `${c.id} has cloud compute, so the market needs cloudGrowth, cloudExpectation and cloudHorizon (how cloud providers invest); or leave cloudCompute out`);
      });
    }
  }
  {
    const m = s.model;
    const given = [m.runShareStart, m.runShareMax, m.runShareGrowth].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 3) add(["model"], "give all three of runShareStart, runShareMax and runShareGrowth, or none");
    else if (given === 3 && (m.runShareMax as number) < (m.runShareStart as number)) add(["model", "runShareMax"], `runShareMax (${m.runShareMax}) must be at least runShareStart (${m.runShareStart})`);
  }
  s.firms.forEach((f, i) => {
    if (countryIds.includes(f.id)) add(["firms", i, "id"], `id "${f.id}" is also a country id; countries and labs need distinct ids`);
    if (!countryIds.includes(f.country)) add(["firms", i, "country"], `unknown country "${f.country}"${didYouMean(f.country, countryIds)}; known: ${countryIds.join(", ")}`);
    const a = f.allocation;
    if (a.rnd + a.open + a.compute <= 0) add(["firms", i, "allocation"], "at least one allocation weight must be positive");
  });
  s.countries.forEach((c, i) => {
    if (c.initial.publicCompute <= 0 && !s.firms.some((f) => f.country === c.id)) {
      add(["countries", i, "initial", "publicCompute"], "a country with no labs needs publicCompute > 0 (it runs open models on it)");
    }
  });

  // named parameters, in order; an expression may use those declared before it
  const constants: Record<string, number> = {};
  for (const [name, p] of Object.entries(s.parameters ?? {})) {
    const path = ["parameters", name];
    if (isReserved(name)) {
      add(path, `"${name}" is a reserved name in expressions`, true);
      continue;
    }
    if ((p.value === undefined) === (p.expr === undefined)) {
      add(path, "give exactly one of value and expr");
      continue;
    }
    if (p.value !== undefined) {
      constants[name] = p.value;
      continue;
    }
    const c = compileExpression(p.expr as string, new Set(Object.keys(constants)), "number");
    if (!c.ok) add([...path, "expr"], c.message);
    else {
      const v = evaluateConstant(c.expr, constants);
      if (typeof v === "string") add([...path, "expr"], v);
      else constants[name] = v;
    }
  }
  for (const [symbol, what] of metricSymbolOwners(s)) {
    if (what.length < 2) continue;
    const id = symbol.slice(symbol.lastIndexOf("_") + 1);
    const lists: [TreePath, readonly { id: string }[]][] = [
      [["countries"], s.countries],
      [["firms"], s.firms],
      [["semiconductors", "designs"], s.semiconductors?.designs ?? []],
      [["semiconductors", "fabs"], s.semiconductors?.fabs ?? []],
    ];
    const [list, items] = lists.find(([, items]) => items.some((x) => x.id === id)) ?? lists[0]!;
    const index = items.findIndex((x) => x.id === id);
    add([...list, index, "id"], `the id "${id}" makes the expression symbol ${symbol} ambiguous (${what.join(" and ")}); choose another id`);
  }
  const metricNames = conditionSymbols(s, {});
  for (const name of Object.keys(constants)) {
    if (metricNames.has(name)) add(["parameters", name], `"${name}" is already the name of a recorded metric`, true);
  }
  const symbols = conditionSymbols(s, constants);

  const condition = (path: TreePath, text: string): CompiledExpression | undefined => {
    const c = compileExpression(text, symbols, "boolean");
    if (!c.ok) {
      add(path, c.message);
      return undefined;
    }
    return c.expr;
  };

  // events
  const events: EventSpec[] = [];
  (s.events ?? []).forEach((e, i) => {
    const base = ["events", i];
    let at: number | null = null;
    let when: CompiledExpression | undefined;
    if ((e.at === undefined) === (e.when === undefined)) add(base, "give exactly one of at (a date) and when (a condition)");
    if (e.at !== undefined) {
      const q = parseQuarter(e.at) as number;
      // (against a horizon that is itself wrong, said once above)
      if (!horizonOk) at = null;
      else if (q <= start || q > end) {
        const hint = q <= start ? "; to change a starting value, edit the parameter itself" : "";
        add([...base, "at"], `${e.at} is outside the simulated quarters: after ${s.start} and up to ${s.end}${hint}`);
      }
      else at = q - start;
      if (e.repeat !== undefined) add([...base, "repeat"], "repeat applies to events with a when condition");
    }
    if (e.when !== undefined) when = condition([...base, "when"], e.when);
    const actions: ActionSpec[] = [];
    const targets = new Set<string>();
    e.actions.forEach((a, j) => {
      const ap = [...base, "actions", j];
      if (targets.has(a.target)) add([...ap, "target"], `this event already changes ${a.target}; an event may change each parameter once`);
      targets.add(a.target);
      const ops = (["set", "scale", "add"] as const).filter((op) => a[op] !== undefined);
      if (ops.length !== 1) {
        add(ap, "give exactly one of set, scale and add");
        return;
      }
      const op = ops[0] as "set" | "scale" | "add";
      const raw = a[op] as number | string;
      let value: number | undefined;
      if (typeof raw === "number") value = raw;
      else {
        const c = compileExpression(raw, new Set(Object.keys(constants)), "number");
        if (!c.ok) add([...ap, op], `${c.message}${Object.keys(constants).length ? "" : " (event values may use the scenario's parameters)"}`);
        else {
          const v = evaluateConstant(c.expr, constants);
          if (typeof v === "string") add([...ap, op], v);
          else value = v;
        }
      }
      if (!Number.isFinite(value as number) && typeof raw === "number") add([...ap, op], "must be a finite number");
      if (a.ramp !== undefined && a.duration !== undefined && a.duration < a.ramp) add([...ap, "duration"], `duration (${a.duration}) must not be shorter than ramp (${a.ramp})`);
      const target = checkTarget(s, a.target);
      if (target !== undefined) add([...ap, "target"], target);
      const path = parsePath(a.target);
      if (value !== undefined && target === undefined && path !== undefined) {
        const bounds = fieldBounds(scenarioSchema, path) ?? null;
        const start = readSlot(resolveSlot(s, path)!) as number;
        const result = op === "set" ? value : op === "scale" ? start * value : start + value;
        if (bounds !== null && !withinBounds(result, bounds)) {
          const how = op === "set" ? `${value}` : `${op} ${value} would give ${result} (from ${start}), which`;
          add([...ap, op], `${how} is outside the range of ${a.target}: ${describeBounds(bounds)}`);
        } else {
          actions.push({ target: a.target, path, op, value, ramp: a.ramp ?? 0, duration: a.duration ?? null, bounds });
        }
      }
    });
    if (actions.length === e.actions.length && (at !== null || when !== undefined)) {
      events.push({ id: e.id, title: e.title, at, when: when ?? null, repeat: e.repeat ?? "once", actions });
    }
  });

  const milestones: MilestoneSpec[] = [];
  (s.milestones ?? []).forEach((m, i) => {
    const when = condition(["milestones", i, "when"], m.when);
    if (when) milestones.push({ id: m.id, title: m.title, when });
  });

  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { events, milestones, constants }, warnings: [] };
}

/** The largest elasticity of a domain's deployment to spending on AI (docs/model.md 7.7): beyond it, deployment would outgrow any physical base within a few years. */
const MAX_DEPLOYMENT_ELASTICITY = 4;

const NOT_TARGETS = new Set(["id", "name", "country", "initial", "remove", "designer", "operator", "exposureTo", "targets", "licensedDesigns", "markets"]);
/** What to change instead of a list an event cannot change. */
const NOT_TARGET_HINTS: ReadonlyMap<string, string> = new Map([
  ["licensedDesigns", "; to start or stop the licences, change licensed (chips a year, 0 for none)"],
  ["markets", "; to keep a design from a country, use an export-control rule on it"],
]);
/** Fields of list items that describe an agent but that the model does not read. */
const DESCRIPTIVE_FIELDS = new Set(["semiconductors.designs.node", "semiconductors.designs.memory", "semiconductors.designs.power", "semiconductors.fabs.node"]);
/** Parameters the model reads only without a semiconductor supply chain. */
const WITHOUT_SUPPLY_ONLY = new Set(["model.computePrice", "model.hardwareDoublingTime"]);
/** Parameters the model reads only when a run starts: an event could not change anything. */
const START_ONLY = new Set(["model.initialOpenPool", "market.cloudGrowth", "semiconductors.memory.leadTime"]);
/** The same, for a field of any item of a list (`semiconductors.fabs.<id>.leadTime`). */
const START_ONLY_FIELDS = new Set(["semiconductors.fabs.leadTime"]);
const TARGET_TOPS = ["model", "countries", "firms", "semiconductors", "market"];

/** Why a path cannot be an event target, or undefined when it can. */
export function checkTarget(s: Scenario, text: string): string | undefined {
  const path = parsePath(text);
  if (path === undefined) return `"${text}" is not a path (names separated by dots; list items by id: countries.CN.gdp)`;
  const top = path[0] as string;
  if (top === "deployment") return `events can change model.*, countries.<id>.*, firms.<id>.*, semiconductors.* and market.* parameters, not deployment.*: set ${text} in the file's deployment section, or with --set ${text}=<value> (a country's policy.regulatoryBurden and policy.operatorBarrier, which events can change, move deployment during a run)`;
  if (!TARGET_TOPS.includes(top)) return `events can change model.*, countries.<id>.*, firms.<id>.*, semiconductors.* and market.* parameters, not ${top}${didYouMean(top, TARGET_TOPS)}`;
  if (START_ONLY.has(text) || (path.length === 4 && START_ONLY_FIELDS.has(`${path[0]}.${path[1]}.${path[3]}`))) return `${text} is read only when the run starts, so an event cannot change it; change the parameter itself`;
  if (path.length === 4 && DESCRIPTIVE_FIELDS.has(`${path[0]}.${path[1]}.${path[3]}`)) return `${text} describes the ${path[1] === "fabs" ? "fab" : "chip"}; the model does not read it, so an event cannot change anything`;
  if (WITHOUT_SUPPLY_ONLY.has(text) && s.semiconductors !== undefined && s.semiconductors.designs.length > 0 && s.mechanisms?.semiconductors !== false) {
    const also = text === "model.hardwareDoublingTime" ? "; with one it only sets how fast semiconductors.referenceSystem grows, from the start of the run" : "; with one it only values cloud compute at the start";
    return `${text} sets the price of compute only without a semiconductor supply chain${also}. This scenario buys compute from its chip designs (change their price or performance instead)`;
  }
  if (top === "countries" && path.length >= 3 && resolveSlot(s, path) === undefined && (["powerAdditions", "powerAdditionsGrowth"].includes(String(path[2])) || (path[2] === "policy" && path[3] === "aiPowerShare"))) {
    const c = String(path[1]);
    const limited = s.countries.some((x) => x.id === c && x.powerAdditions !== undefined);
    return limited
      ? `${text} is not set in the file (it takes its default), so there is nothing for an event to change: set it in the file first (policy.aiPowerShare defaults to 1, powerAdditionsGrowth to 1)`
      : `${text} is not set in the file, so there is nothing for an event to change: give ${c} a power limit first (countries.${c}.powerAdditions, with policy.aiPowerShare and powerAdditionsGrowth as needed)`;
  }
  if (top === "countries" && path[2] === "deployment")
    return `${text} is what the country had deployed at the start, so an event cannot change it; deployment then follows the country's spending on AI and its policy.regulatoryBurden, which events can change`;
  const bad = path.find((seg) => NOT_TARGETS.has(seg));
  if (bad !== undefined) return bad === "initial" ? "initial conditions cannot be changed by events; change a parameter instead" : `${bad} cannot be changed by events${NOT_TARGET_HINTS.get(bad) ?? ""}`;
  const slot = resolveSlot(s, path);
  if (slot === undefined) {
    let node: unknown = s;
    let i = 0;
    for (; i < path.length; i++) {
      const seg = path[i] as string;
      const next = Array.isArray(node) ? node.find((el) => isRecord(el) && el["id"] === seg) : isRecord(node) ? node[seg] : undefined;
      if (next === undefined) break;
      node = next;
    }
    const seg = path[i] as string;
    const retired = i === 1 ? retiredKey(path.slice(0, 2)) : undefined;
    if (retired !== undefined) return `${text} does not exist: ${retired}`;
    const options = Array.isArray(node) ? node.filter(isRecord).map((el) => String(el["id"])) : isRecord(node) ? Object.keys(node) : [];
    return `${text} does not exist: no "${seg}"${didYouMean(seg, options)}`;
  }
  if (typeof readSlot(slot) !== "number") return `${text} is not a number`;
  return undefined;
}

function display(s: Scenario, path: TreePath): string {
  let node: unknown = s;
  const parts: string[] = [];
  for (const seg of path) {
    if (typeof seg === "number" && Array.isArray(node)) {
      const el = node[seg];
      parts.push(isRecord(el) && typeof el["id"] === "string" ? el["id"] : `[${seg}]`);
      node = el;
    } else {
      parts.push(String(seg));
      node = isRecord(node) ? node[String(seg)] : undefined;
    }
  }
  return parts.join(".").replace(/\.\[/g, "[");
}
