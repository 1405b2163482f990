/**
 * The evaluation suite as an experiment plan: every variant the checks use is a policy of one
 * point, run for the same seeds (common random numbers), and every measure's primitive outcomes
 * (a metric at a quarter, or its mean over quarters) are the plan's outcomes. The experiment
 * machinery then runs it: worker threads, progress, resume, and results that do not depend on
 * how many threads ran them. Checks whose metrics, agents or variants the evaluated scenario
 * lacks are kept as not applicable, with the reason.
 */
import { parseQuarter } from "../engine/clock.js";
import { parsePath, resolveSlot } from "../engine/path.js";
import type { ExperimentHost, Plan, PlannedOutcome, PlannedPolicy } from "../experiment/plan.js";
import { symbolUnits } from "../experiment/plan.js";
import type { OutcomeFile } from "../experiment/schema.js";
import type { Result } from "../scenario/issues.js";
import type { Issue } from "../scenario/issues.js";
import type { LoadedScenario, ScenarioTemplate } from "../scenario/load.js";
import { finishScenario } from "../scenario/load.js";
import type { Entities, Measure, Primitive } from "./measure.js";
import { primitiveKey, primitivesOf } from "./measure.js";
import type { CheckDef, DirectDef, FlipDef, GapDef, VariantDef } from "./suite.js";
import { CHECKS, DIRECT, FLIPS, GAPS, VARIANTS } from "./suite.js";
import { variantTree } from "./variants.js";
import type { Roles } from "./roles.js";
import { castCheck, castFlip, castGap, castValueOf, castVariant, checkRoles } from "./roles.js";

type Tree = Record<string, unknown>;

export interface EvaluationHost extends Pick<ExperimentHost, "sha256" | "resolvedYaml"> {
  /** The own tree of a library scenario (its file, `extends` not resolved). */
  changes(name: string): Result<Tree>;
}

export interface EvaluationOptions {
  seeds: number;
  /** The master seed (default: the scenario's own seed, else 0). */
  seed?: number;
  /** Which of the scenario's countries plays each country the suite names (roles.ts). */
  roles?: Roles;
}

/** A check as planned: what it reads, or why it does not apply. */
export type PlannedCheck =
  | { kind: "check"; def: CheckDef; na?: string }
  | { kind: "flip"; def: FlipDef; cells: { base: string; variant: string; values: [number, number] }[]; na?: string }
  | { kind: "gap"; def: GapDef; na?: string }
  | { kind: "direct"; def: DirectDef; na?: string };

export interface PlannedEvaluation {
  plan: Plan;
  checks: PlannedCheck[];
  /** The policy index of each variant run (absent: not run). */
  policyOf: Map<string, number>;
  entities: Entities;
  /** The quarter of step 0. */
  start: number;
  base: LoadedScenario;
  template: ScenarioTemplate;
  variants: readonly VariantDef[];
  /** The roles the checks were read with (empty: the suite's own countries). */
  roles: Roles;
}

/**
 * The variants of the C8-style grids: each cell is a pair, the base with the cell's parameters
 * and the same with the library scenario's changes.
 */
function flipCells(f: FlipDef): { base: VariantDef; variant: VariantDef; values: [number, number] }[] {
  const [a, b] = f.axes;
  return a.values.flatMap((x, i) =>
    b.values.map((y, j) => {
      const set = [[a.path, x], [b.path, y]] as const;
      const where = `${a.path}=${x}, ${b.path}=${y}`;
      return {
        base: { id: `${f.id}-base-${i}-${j}`, title: `the evaluated scenario with ${where}`, set },
        variant: { id: `${f.id}-${i}-${j}`, title: `${f.changes} with ${where}`, changes: f.changes, set },
        values: [x, y] as [number, number],
      };
    }),
  );
}

/** The measures of a gap check: gap in OOM and months behind, at both ends. */
export function gapMeasures(g: GapDef): { oomFrom: Measure; oomTo: Measure; monthsFrom: Measure; monthsTo: Measure } {
  const gap = { metric: `gap_${g.country}` };
  return {
    oomFrom: { term: gap, how: "at", date: g.from },
    oomTo: { term: gap, how: "at", date: g.to },
    monthsFrom: { term: { metric: `months_behind_${g.country}` }, how: "at", date: g.from },
    monthsTo: { term: { metric: `months_behind_${g.country}` }, how: "at", date: g.to },
  };
}

export function entitiesOf(loaded: LoadedScenario): Entities {
  const s = loaded.scenario;
  return {
    countries: s.countries.map((c) => c.id),
    firms: s.firms.map((f) => ({ id: f.id, country: f.country })),
    designs: (s.semiconductors?.designs ?? []).map((d) => ({ id: d.id, designer: d.designer })),
  };
}

export function planEvaluation(host: EvaluationHost, template: ScenarioTemplate, opts: EvaluationOptions): Result<PlannedEvaluation> {
  const baseLoaded = finishScenario(template, template.tree);
  if (!baseLoaded.ok) return baseLoaded;
  const base = baseLoaded.value;
  const clock = base.clock;
  const start = clock.start;
  const entities = entitiesOf(base);
  const roles = opts.roles ?? [];
  const wrong = checkRoles(roles, entities.countries);
  if (wrong !== undefined) return { ok: false, issues: [{ pos: { file: "<command line>", line: 1, col: 1 }, path: "--as", message: wrong }] };
  const flips = FLIPS.map((f) => castFlip(f, roles)).map((def) => ({ def, cells: flipCells(def) }));
  const variants: VariantDef[] = [...VARIANTS.map((v) => castVariant(v, roles)), ...flips.flatMap((f) => f.cells.flatMap((c) => [c.base, c.variant]))];

  // every variant's tree, its resolved text (to tell a variant that changes nothing here) and its
  // metric symbols, or why it cannot be built
  const say = (issues: readonly Issue[]) => issues.slice(0, 2).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  const built = new Map<string, { tree: Tree; text: string; symbols: Map<string, string> } | { error: string }>();
  for (const v of variants) {
    const tree = v.id === "base" ? { ok: true as const, warnings: [], value: template.tree } : variantTree(template.tree, v, (n) => host.changes(n));
    if (!tree.ok) {
      built.set(v.id, { error: `it cannot be made here (${say(tree.issues)})` });
      continue;
    }
    const loaded = finishScenario(template, tree.value, false);
    if (!loaded.ok) {
      built.set(v.id, { error: `${v.title} is not a valid scenario here (${say(loaded.issues)})` });
      continue;
    }
    if (loaded.value.scenario.start !== base.scenario.start || loaded.value.scenario.end !== base.scenario.end) {
      built.set(v.id, { error: "the variant covers other quarters" });
      continue;
    }
    built.set(v.id, { tree: tree.value, text: host.resolvedYaml(tree.value, "variant"), symbols: symbolUnits(loaded.value) });
  }
  const realWorld = entities.countries.includes("US") && entities.countries.includes("CN");

  const inHorizon = (q: string) => {
    const v = parseQuarter(q);
    return v !== undefined && v >= start && v <= start + clock.steps;
  };
  const datesOf = (m: Measure) => (m.how === "at" ? [m.date] : [m.from, m.to]);
  /** Why a set of measures cannot be read on these variants, or undefined. */
  const problem = (measures: readonly Measure[], on: readonly string[]): string | undefined => {
    for (const m of measures) {
      const late = datesOf(m).find((q) => !inHorizon(q));
      if (late !== undefined) return `${late} is outside the scenario's horizon ${base.scenario.start}..${base.scenario.end}`;
    }
    for (const id of on) {
      const b = built.get(id);
      if (b === undefined) return `no variant ${id}`;
      if ("error" in b) return `variant ${id}: ${b.error}`;
    }
    // a pair whose two sides are the same scenario has nothing to compare (evaluating
    // export-controls-tightened, its own changes applied again)
    for (let i = 0; i + 1 < on.length; i += 2) {
      const a = built.get(on[i]!) as { text: string };
      const b = built.get(on[i + 1]!) as { text: string };
      if (a.text === b.text) return `${on[i]} and ${on[i + 1]} are the same scenario here: the evaluated scenario already makes these changes`;
    }
    for (const id of on) {
      const b = built.get(id) as { symbols: Map<string, string> };
      for (const m of measures) {
        const prims = primitivesOf(m, entities, start);
        if (prims.length === 0) return "the scenario has none of the agents it reads";
        const missing = prims.find((p) => !b.symbols.has(p.symbol));
        if (missing !== undefined) return `no output ${missing.symbol}${id === "base" ? "" : ` under ${id}`}`;
      }
    }
    return undefined;
  };

  const checks: PlannedCheck[] = [];
  const used: { measures: readonly Measure[]; on: readonly string[] }[] = [];
  const plan1 = (measures: readonly Measure[], on: readonly string[]): string | undefined => {
    const why = problem(measures, on);
    if (why === undefined) used.push({ measures, on });
    return why;
  };
  const REAL = "its targets are measurements of the real world, and this scenario's world is not it (it has no countries US and CN)";
  for (const def of CHECKS.map((c) => castCheck(c, roles))) {
    const on = "base" in def.design ? [def.design.base, def.design.variant] : [def.design.variant];
    const real = def.family === "calibration" || def.family === "corroboration";
    const path = def.needs !== undefined ? parsePath(def.needs) : undefined;
    const unset = def.needs !== undefined && (path === undefined || resolveSlot(base.scenario, path) === undefined) ? `the scenario does not set ${def.needs}, which the check's variant changes or relies on` : undefined;
    checks.push(withNa({ kind: "check", def }, real && !realWorld ? REAL : unset ?? plan1([def.measure], on)));
  }
  for (const f of flips) {
    const on = f.cells.flatMap((c) => [c.base.id, c.variant.id]);
    checks.push(withNa({ kind: "flip", def: f.def, cells: f.cells.map((c) => ({ base: c.base.id, variant: c.variant.id, values: c.values })) }, plan1([f.def.measure], on)));
  }
  for (const def of GAPS.map((g) => castGap(g, roles))) {
    const g = gapMeasures(def);
    checks.push(withNa({ kind: "gap", def }, plan1([g.oomFrom, g.oomTo, g.monthsFrom, g.monthsTo], ["base"])));
  }
  for (const def of DIRECT) checks.push({ kind: "direct", def: def.kind === "continuity" ? { ...def, path: castValueOf(def.path, roles), outcomes: castValueOf(def.outcomes, roles) } : def });

  // the variants run, in the suite's order (base first), and the outcomes they all record
  const runIds = variants.map((v) => v.id).filter((id) => id === "base" || used.some((u) => u.on.includes(id)));
  const policyOf = new Map(runIds.map((id, i) => [id, i]));
  const prims = new Map<string, Primitive>();
  for (const u of used) for (const m of u.measures) for (const p of primitivesOf(m, entities, start)) prims.set(primitiveKey(p), p);
  const keys = [...prims.keys()].sort();
  const label = (step: number) => clock.labels[step] ?? String(step);
  const outcomes: PlannedOutcome[] = [];
  const files: OutcomeFile[] = [];
  const baseSymbols = (built.get("base") as { symbols: Map<string, string> }).symbols;
  for (const key of keys) {
    const p = prims.get(key)!;
    const id = p.aggregate === "at" ? `${p.symbol}_at_${label(p.from)}` : `${p.symbol}_mean_${label(p.from)}_${label(p.to)}`;
    outcomes.push({ id, metric: p.symbol, aggregate: p.aggregate, unit: baseSymbols.get(p.symbol) ?? "", description: "", from: p.from, to: p.to, threshold: NaN, direction: 1 });
    files.push(p.aggregate === "at" ? { id, metric: p.symbol, aggregate: "at", date: label(p.from) } : { id, metric: p.symbol, aggregate: "mean", from: label(p.from), to: label(p.to) });
  }
  const policies: PlannedPolicy[] = runIds.map((id) => {
    const v = variants.find((x) => x.id === id)!;
    return { id, title: v.title, tree: (built.get(id) as { tree: Tree }).tree };
  });
  const name = `evaluate-${base.scenario.name}`.slice(0, 64);
  const plan: Plan = {
    experiment: { name, title: `Evaluation of ${base.scenario.title}`, scenario: base.scenario.name, seed: opts.seed ?? base.scenario.seed ?? 0, replications: opts.seeds, outcomes: files },
    display: template.display,
    files: template.files,
    template,
    scenarioSha256: host.sha256(host.resolvedYaml(template.tree, base.scenario.name)),
    seedKey: `evaluation|${base.scenario.name}`,
    scenarioName: base.scenario.name,
    policies,
    uncertainties: [],
    design: { type: "single" },
    values: new Float64Array(0),
    points: 1,
    replications: opts.seeds,
    commonSeeds: true,
    runs: policies.length * opts.seeds,
    outcomes,
    timeseries: { runs: "none", metrics: null },
    horizon: { start: base.scenario.start, end: base.scenario.end, steps: clock.steps },
    missingOutcomes: "empty",
    evaluation: true,
  };
  return { ok: true, warnings: [], value: { plan, checks, policyOf, entities, start, base, template, variants, roles } };
}

function withNa<T extends PlannedCheck>(c: T, na: string | undefined): T {
  return na === undefined ? c : { ...c, na };
}

/** The index of a primitive outcome in the plan's outcomes. */
export function outcomeIndex(pe: PlannedEvaluation): Map<string, number> {
  const idx = new Map<string, number>();
  pe.plan.outcomes.forEach((o, i) => idx.set(primitiveKey({ symbol: o.metric, aggregate: o.aggregate as "at" | "mean", from: o.from, to: o.to }), i));
  return idx;
}
