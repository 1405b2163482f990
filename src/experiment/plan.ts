/**
 * An experiment file -> a plan: the base scenario and its policies (parsed once), the
 * uncertainties with their distributions, the design's points, the outcomes compiled against
 * the model's metrics, and the list of runs:
 *
 *   run = (point * policies + policy) * replications + replication
 *
 * so that the runs of one point are contiguous (a point's summary is complete as soon as its
 * last run is). Every check that can be made before running is made here, with the position
 * in the experiment file: a sweep never starts on an experiment that cannot run.
 *
 * Pure: files are reached through an `ExperimentHost` (src/io implements it over the disk).
 */
import type { Clock } from "../engine/clock.js";
import { parseQuarter } from "../engine/clock.js";
import { makeLayout, metricSymbols } from "../engine/metrics.js";
import { findById, isRecord, parsePath } from "../engine/path.js";
import { Rng } from "../engine/rng.js";
import { aiRaceModel } from "../model/index.js";
import type { Issue, Pos, Result } from "../scenario/issues.js";
import { didYouMean } from "../scenario/issues.js";
import type { LoadedScenario, ScenarioTemplate } from "../scenario/load.js";
import { checkSetPath, finishScenario, setPath } from "../scenario/load.js";
import { displayPath, posOf } from "../scenario/locate.js";
import { metaOf, parseLocated, setMeta } from "../scenario/located.js";
import { mergeValues } from "../scenario/merge.js";
import { scenarioSchema } from "../scenario/schema.js";
import { checkSource } from "../scenario/sources.js";
import { toRunSpec } from "../scenario/spec.js";
import { convertZodIssues, describeBounds, fieldBounds } from "../scenario/zod-issues.js";
import { gridDesign, latinHypercube, randomDesign, runSeed } from "./designs.js";
import type { Distribution } from "./distributions.js";
import { isBounded, support, valueAt } from "./distributions.js";
import type { ExperimentFile, OutcomeFile, UncertaintyFile } from "./schema.js";
import { experimentSchema } from "./schema.js";
import type { MorrisDesign, SaltelliDesign } from "./sensitivity.js";
import { morrisDesign, saltelliDesign } from "./sensitivity.js";
import { SOBOL_MAX_DIMENSIONS } from "./sobol-sequence.js";
import { SUMMARY_COLUMNS } from "./stats.js";
import * as fm from "../engine/fmath.js";

/** What the planner needs from the outside world. */
export interface ExperimentHost {
  /** Parses and merges a scenario named in the experiment (library name or path beside it). */
  scenario(ref: string): Result<ScenarioTemplate>;
  /** Reads a file named in the experiment, relative to it. */
  read(ref: string): { text: string; display: string } | { error: string; pos?: Pos };
  /** sha256 of a text, hex (the scenario's hash enters every run's seed). */
  sha256(text: string): string;
  /** The resolved YAML of a scenario tree, as `airace run` writes it (hashed for seeds). */
  resolvedYaml(tree: unknown, name: string): string;
}

export interface PlannedUncertainty {
  id: string;
  path: string;
  unit: string;
  source: string;
  description: string;
  distribution: Distribution;
  /** Whether the target field takes {value, unit, source} (else a plain number is set). */
  quantity: boolean;
  /** Where it is written in the experiment file (for messages about a point). */
  pos: UncertaintyPositions;
}

export interface PlannedOutcome {
  id: string;
  metric: string;
  aggregate: OutcomeFile["aggregate"];
  unit: string;
  description: string;
  /** Steps of the window (at: both the step of `date`). */
  from: number;
  to: number;
  threshold: number;
  /** +1: reach at least the threshold; -1: at most. */
  direction: 1 | -1;
}

export interface PlannedPolicy {
  id: string;
  title: string;
  /** The scenario tree of this policy (the base with its overlay and sets), not validated per point. */
  tree: Record<string, unknown>;
  /** The scenario files it comes from, when not the plan's (a comparison of two scenarios). */
  template?: ScenarioTemplate;
}

export type DesignInfo =
  | { type: "single" }
  | { type: "grid"; levels: number[] }
  | { type: "random" | "lhs"; samples: number }
  | { type: "sobol"; saltelli: SaltelliDesign; resamples: number }
  | { type: "morris"; morris: MorrisDesign }
  | { type: "csv"; file: string };

export interface Plan {
  readonly experiment: ExperimentFile;
  /** The experiment file as shown in messages, and every file read (experiment first). */
  readonly display: string;
  readonly files: readonly string[];
  readonly template: ScenarioTemplate;
  /** sha256 of the base scenario's resolved YAML (before policies): part of every seed unless seedKey is set. */
  readonly scenarioSha256: string;
  /**
   * What stands for the scenario in every seed instead of its sha256 (the evaluation's: its
   * seeds must not change when a source string or a number of the scenario does, so that a
   * model change is judged on the same random numbers as before it).
   */
  readonly seedKey?: string;
  readonly scenarioName: string;
  readonly policies: readonly PlannedPolicy[];
  readonly uncertainties: readonly PlannedUncertainty[];
  readonly design: DesignInfo;
  /** Parameter values, point by point (points x uncertainties). */
  readonly values: Float64Array;
  readonly points: number;
  readonly replications: number;
  /** Whether every point uses the same seeds (replication r -> one seed). */
  readonly commonSeeds: boolean;
  /** For points whose values repeat an earlier point's: which repeat they are (else absent). */
  readonly repeats?: Uint32Array;
  readonly runs: number;
  readonly outcomes: readonly PlannedOutcome[];
  readonly timeseries: { runs: "none" | "all" | number; metrics: readonly string[] | null };
  /** The clock labels of the base scenario (dates of steps), for the time series. */
  readonly horizon: { start: string; end: string; steps: number };
  /** A comparison of two scenarios (airace compare), not an experiment file. */
  readonly comparison?: boolean;
  /** The evaluation suite on a scenario (airace evaluate), not an experiment file. */
  readonly evaluation?: boolean;
  /**
   * What a run does with an outcome whose metric its policy does not have: "fail" (the default:
   * an experiment file's outcomes were checked against every policy) or "empty" (the evaluation
   * suite, whose variants add and remove labs: the cell is left empty).
   */
  readonly missingOutcomes?: "fail" | "empty";
}

export interface RunRef {
  run: number;
  point: number;
  policy: number;
  replication: number;
}

export function runRef(plan: Plan, run: number): RunRef {
  const q = plan.policies.length;
  const r = plan.replications;
  const replication = run % r;
  const pp = (run - replication) / r;
  const policy = pp % q;
  return { run, point: (pp - policy) / q, policy, replication };
}

export function pointValues(plan: Plan, point: number): number[] {
  const k = plan.uncertainties.length;
  return Array.from(plan.values.subarray(point * k, point * k + k));
}

/**
 * The seed of a run: from the master seed, the base scenario (or the plan's seedKey), the
 * point's values (unless seeds are common to all points) and the replication; never the policy,
 * so that policies share random numbers.
 */
export function seedOf(plan: Plan, ref: RunRef): number {
  const key = plan.seedKey ?? plan.scenarioSha256;
  if (plan.commonSeeds) return runSeed(plan.experiment.seed, key, [], ref.replication);
  return runSeed(plan.experiment.seed, key, pointValues(plan, ref.point), ref.replication, plan.repeats?.[ref.point] ?? 0);
}

/** Whether a run's time series is kept. */
export function keepsSeries(plan: Plan, run: number): boolean {
  const ts = plan.timeseries.runs;
  if (ts === "none") return false;
  if (ts === "all" || ts >= plan.runs) return true;
  // `ts` runs spread evenly: run i is kept when it is the first run of its share of the list
  return Math.floor((run * ts) / plan.runs) !== Math.floor(((run - 1) * ts) / plan.runs) || run === 0;
}

/** The scenario of one point under one policy: the policy's tree with the point's values. */
export function instantiate(plan: Plan, point: number, policy: number): Result<LoadedScenario> {
  const p = plan.policies[policy] as PlannedPolicy;
  let tree = p.tree;
  const issues: Issue[] = [];
  const k = plan.uncertainties.length;
  for (let j = 0; j < k; j++) {
    const u = plan.uncertainties[j] as PlannedUncertainty;
    const x = plan.values[point * k + j] as number;
    tree = setPath(tree, u.path, fieldValue(u, x, u.pos), () => u.pos.path, u.pos.value, issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  // the policies' sources and the uncertainties' were checked when the plan was made
  return finishScenario(p.template ?? plan.template, tree, false);
}

export interface UncertaintyPositions {
  path: Pos;
  value: Pos;
  unit: Pos;
  source: Pos;
}

function positionsOf(tree: unknown, display: string, i: number): UncertaintyPositions {
  const fb: Pos = { file: display, line: 1, col: 1 };
  const at = (key: string) => posOf(tree, ["uncertainties", i, key], fb);
  return { path: at("path"), value: at("distribution"), unit: at("unit"), source: at("source") };
}

function fieldValue(u: PlannedUncertainty, x: number, pos: UncertaintyPositions): unknown {
  if (!u.quantity) return x;
  const q = { value: x, unit: u.unit, source: u.source };
  setMeta(q, {
    self: pos.value,
    keys: new Map([
      ["value", { key: pos.value, value: pos.value }],
      ["unit", { key: pos.unit, value: pos.unit }],
      ["source", { key: pos.source, value: pos.source }],
    ]),
    items: [],
  });
  return q;
}

/**
 * Parses, validates and plans an experiment file. `probe: false` skips the probes of step 7
 * (a worker thread rebuilding a plan the main thread has already checked).
 */
export function planExperiment(host: ExperimentHost, text: string, display: string, opts: { probe: boolean } = { probe: true }): Result<Plan> {
  const fb: Pos = { file: display, line: 1, col: 1 };
  const parsed = parseLocated(text, display);
  if (parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  const tree = parsed.value;
  if (!isRecord(tree)) return fail([{ pos: fb, path: "", message: "an experiment file must be a map of keys (name:, scenario:, outcomes:, ...)" }]);
  const z = experimentSchema.safeParse(tree);
  if (!z.success) return fail(sortIssues(convertZodIssues(experimentSchema, tree, z.error.issues, fb)));
  const exp = z.data;
  const issues: Issue[] = [];
  const at = (path: (string | number)[], key = false) => posOf(tree, path, fb, key);

  // 1. the base scenario, its overlay and sets
  const prepared = host.scenario(exp.scenario);
  if (!prepared.ok) return fail(prepared.issues.map((i) => (i.pos.file === "<command line>" ? { ...i, pos: at(["scenario"]), path: "scenario" } : i)));
  const template = prepared.value;
  let base = applyOverrides(template.tree, tree, [], issues);
  if (issues.length > 0) return fail(issues);
  const baseLoaded = finishScenario(template, base);
  if (!baseLoaded.ok) return fail(baseLoaded.issues);
  const scenarioName = baseLoaded.value.scenario.name;
  const scenarioSha256 = host.sha256(host.resolvedYaml(base, scenarioName));

  // 2. policies
  const policyFiles = exp.policies ?? [{ id: "base", title: "the base scenario" }];
  duplicates(policyFiles.map((p) => p.id), (i) => at(["policies", i, "id"]), "policies", "policy", issues);
  const policies: PlannedPolicy[] = [];
  const loadedPolicies: LoadedScenario[] = [];
  policyFiles.forEach((p, i) => {
    const sub: Issue[] = [];
    const ptree = exp.policies === undefined ? base : applyOverrides(base, (tree["policies"] as unknown[])[i], ["policies", i], sub);
    if (sub.length > 0) return void issues.push(...sub);
    const loaded = finishScenario(template, ptree);
    if (!loaded.ok) return void issues.push(...loaded.issues.map((x) => ({ ...x, message: `under policy ${p.id}: ${x.message}` })));
    policies.push({ id: p.id, title: p.title ?? p.id, tree: ptree });
    loadedPolicies.push(loaded.value);
  });
  if (issues.length > 0) return fail(issues);
  base = policies[0]!.tree;

  // 3. uncertainties
  const ufiles = exp.uncertainties ?? [];
  duplicates(ufiles.map((u) => u.id), (i) => at(["uncertainties", i, "id"]), "uncertainties", "uncertainty", issues);
  duplicates(ufiles.map((u) => u.path), (i) => at(["uncertainties", i, "path"]), "uncertainties", "path", issues);
  ufiles.forEach((u, i) => {
    const why = reservedColumn(u.id, { runs: true, points: true });
    if (why !== undefined) issues.push({ pos: at(["uncertainties", i, "id"]), path: `uncertainties.${u.id}.id`, message: why });
  });
  const declaredSources = sourceIds(base);
  const uncertainties: PlannedUncertainty[] = [];
  ufiles.forEach((u, i) => {
    const here = (key: string) => at(["uncertainties", i, key]);
    const pathIssue = checkSetPath(u.path, here("path"), "an experiment");
    if (pathIssue !== undefined) return void issues.push(pathIssue);
    const d = toDistribution(u, (key, message) => issues.push({ pos: here(key), path: `uncertainties.${u.id}.${key}`, message }));
    if (d === undefined) return;
    const field = describeField(base, u.path);
    if ("error" in field) return void issues.push({ pos: here("path"), path: `uncertainties.${u.id}.path`, message: field.error });
    if (field.unit !== undefined && field.unit !== u.unit) {
      return void issues.push({ pos: here("unit"), path: `uncertainties.${u.id}.unit`, message: `${u.path} is in "${field.unit}", not "${u.unit}"` });
    }
    const why = checkSource(u.source, declaredSources);
    if (why !== undefined) return void issues.push({ pos: here("source"), path: `uncertainties.${u.id}.source`, message: why });
    const [lo, hi] = support(d);
    if (field.bounds !== undefined) {
      const b = field.bounds;
      const below = b.minExclusive ? lo <= b.min : lo < b.min;
      const above = b.maxExclusive ? hi >= b.max : hi > b.max;
      if (below || above) {
        const range = d.kind === "normal" ? "a normal distribution has no bounds" : `the distribution reaches ${below ? lo : hi}`;
        return void issues.push({
          pos: here(d.kind === "normal" ? "distribution" : below ? "min" : "max"),
          path: `uncertainties.${u.id}`,
          message: `${u.path} must be ${describeBounds(b)}, but ${range}${d.kind === "normal" ? " (use truncated-normal with min and max)" : ""}`,
        });
      }
    }
    uncertainties.push({ id: u.id, path: u.path, unit: u.unit, source: u.source, description: u.description ?? "", distribution: d, quantity: field.quantity, pos: positionsOf(tree, display, i) });
  });
  if (issues.length > 0) return fail(issues);
  // a value the base or a policy sets on a path an uncertainty varies would be overwritten at
  // every point: a policy would silently change nothing
  const overriders: { node: unknown; at: (string | number)[]; name: string; what: string }[] = [
    { node: tree, at: [], name: "", what: "the experiment" },
    ...(exp.policies ?? []).map((p, i) => ({ node: (tree["policies"] as unknown[])[i], at: ["policies", i] as (string | number)[], name: `policies.${p.id}.`, what: `policy ${p.id}` })),
  ];
  for (const o of overriders) {
    if (!isRecord(o.node)) continue;
    for (const u of uncertainties) {
      const useg = u.path.split(".");
      const set = o.node["set"];
      if (isRecord(set)) {
        for (const key of Object.keys(set)) {
          const kseg = key.split(".");
          const n = Math.min(kseg.length, useg.length);
          if (kseg.slice(0, n).join(".") === useg.slice(0, n).join(".")) {
            issues.push({ pos: at([...o.at, "set", key], true), path: `${o.name}set.${key}`, message: `${o.what} sets ${key}, which uncertainty ${u.id} varies at every point: the value set would be ignored` });
          }
        }
      }
      if (reaches(o.node["overlay"], useg)) {
        issues.push({ pos: at([...o.at, "overlay"], true), path: `${o.name}overlay`, message: `${o.what}'s overlay sets ${u.path}, which uncertainty ${u.id} varies at every point: the value set would be ignored` });
      }
    }
  }
  if (issues.length > 0) return fail(sortIssues(issues));

  // 4. outcomes
  const clock = baseLoaded.value.clock;
  const reserved = new Set(uncertainties.map((u) => u.id));
  const symbolsByPolicy = loadedPolicies.map(symbolUnits);
  const outcomes = planOutcomes(exp.outcomes, clock, policies.map((p) => p.id), symbolsByPolicy, reserved, (i, key) => at(["outcomes", i, key]), issues);

  // 5. time series
  let timeseries: Plan["timeseries"] = { runs: "none", metrics: null };
  const ts = exp.timeseries;
  if (ts === "all") timeseries = { runs: "all", metrics: null };
  else if (ts !== undefined && ts !== "none") {
    const names = new Set(aiRaceModel.metrics.map((m) => m.name));
    (ts.metrics ?? []).forEach((m, i) => {
      if (!names.has(m) && !symbolsByPolicy.every((s) => s.has(m))) {
        issues.push({ pos: at(["timeseries", "metrics", i]), path: "timeseries.metrics", message: `no metric or output "${m}"${didYouMean(m, [...names, ...symbolsByPolicy[0]!.keys()])}` });
      }
    });
    timeseries = { runs: ts.runs ?? "all", metrics: ts.metrics ?? null };
  }
  if (issues.length > 0) return fail(sortIssues(issues));

  // 6. the design
  const files = [display, ...template.files];
  const design = makeDesign(exp, uncertainties, at, host, files, issues);
  if (design === undefined || issues.length > 0) return fail(sortIssues(issues));
  const replications = exp.replications ?? 1;
  const commonSeeds = exp.seeds === undefined ? design.info.type === "sobol" || design.info.type === "morris" : exp.seeds === "common";
  const runs = design.points * policies.length * replications;
  if (!Number.isSafeInteger(runs) || runs > MAX_RUNS) {
    return fail([{ pos: at(["design"]), path: "design", message: `the experiment has ${runs} runs; at most ${MAX_RUNS} are allowed (split it, or run shards on a cluster)` }]);
  }
  const plan: Plan = {
    experiment: exp,
    display,
    files,
    template,
    scenarioSha256,
    scenarioName,
    policies,
    uncertainties,
    design: design.info,
    values: design.values,
    points: design.points,
    replications,
    commonSeeds,
    ...(commonSeeds ? {} : repeatsOf(design.values, design.points, uncertainties.length)),
    runs,
    outcomes,
    timeseries,
    horizon: { start: baseLoaded.value.scenario.start, end: baseLoaded.value.scenario.end, steps: clock.steps },
  };
  // 7. probes before any run, so that a range breaking a rule across fields (a minimum above a
  // maximum) is an error here and not a thousand failed runs: with up to 8 uncertainties every
  // corner of the ranges; with more, each uncertainty at both ends, the others at their medians
  if (uncertainties.length > 0 && opts.probe) {
    const probe = probeIssues(plan);
    if (probe !== undefined) return fail([probe]);
  }
  return { ok: true, warnings: [], value: plan };
}

export const MAX_RUNS = 1e10;
/** Design points held in memory (8 bytes per point and uncertainty, in every worker). */
export const MAX_POINTS = 1_000_000;
const MAX_CORNERS_K = 8;

function probeIssues(plan: Plan): Issue | undefined {
  const us = plan.uncertainties;
  const k = us.length;
  const median = us.map((u) => valueAt(u.distribution, 0.5));
  const ends = us.map((u) => support(u.distribution));
  const probes: { values: number[]; moved: number[] }[] = [];
  if (k <= MAX_CORNERS_K) {
    for (let c = 0; c < fm.pow(2, k); c++) {
      const values = ends.map((e, j) => ((c >> j) & 1 ? e[1] : e[0]));
      if (values.every(Number.isFinite)) probes.push({ values, moved: us.map((_, j) => j) });
    }
  }
  for (let j = 0; j < k; j++) {
    for (const x of ends[j]!) {
      if (Number.isFinite(x)) probes.push({ values: median.map((m, i) => (i === j ? x : m)), moved: [j] });
    }
  }
  for (const p of probes) {
    const probe: Plan = { ...plan, values: Float64Array.from(p.values), points: 1 };
    for (let q = 0; q < plan.policies.length; q++) {
      const r = instantiate(probe, 0, q);
      if (r.ok) continue;
      const first = r.issues[0]!;
      const at = p.moved.map((j) => `${us[j]!.id} = ${p.values[j]}`).join(", ");
      const others = p.moved.length < k ? " (the others at their medians)" : "";
      const under = plan.policies.length > 1 ? ` under policy ${plan.policies[q]!.id}` : "";
      return {
        pos: us[p.moved[0]!]!.pos.value,
        path: `uncertainties.${us[p.moved[0]!]!.id}`,
        message: `at ${at}${others}${under} the scenario is invalid: ${first.path ? first.path + ": " : ""}${first.message}; narrow the ranges so that every combination is valid`,
      };
    }
  }
  return undefined;
}
/**
 * The fixed columns of a sweep's tables. Uncertainty ids become columns of runs.csv and
 * points.csv, outcome ids of runs.csv: an id equal to a fixed column would make two columns of
 * one name, and a reader (discover, the report's PRIM box, a spreadsheet) would take the wrong one.
 */
export const RUNS_COLUMNS = { before: ["run", "point", "policy", "replication", "seed", "status"], after: ["error"] } as const;
export const POINTS_COLUMNS = { before: ["point", "policy"], after: ["outcome", ...SUMMARY_COLUMNS] } as const;

/** Why `id` cannot name a column of these tables, or undefined. */
export function reservedColumn(id: string, tables: { runs: boolean; points: boolean }): string | undefined {
  const clash = (t: { before: readonly string[]; after: readonly string[] }) => t.before.includes(id) || t.after.includes(id);
  const file = tables.runs && clash(RUNS_COLUMNS) ? "runs.csv" : tables.points && clash(POINTS_COLUMNS) ? "points.csv" : undefined;
  return file === undefined ? undefined : `"${id}" is a fixed column of ${file}, where this id becomes a column too: choose another id`;
}

/**
 * The repeat number of each point whose values equal an earlier point's (none: no field). Two
 * points are equal when their values print alike, as in their seeds: === (0 and -0 alike) or
 * both NaN. A table of each distinct point's first index by a hash of its values' bits holds
 * 8 bytes per point; a string key per point (as before) held a few hundred, too many for a
 * worker's heap with a design of a million points.
 */
export function repeatsOf(values: Float64Array, points: number, k: number): { repeats?: Uint32Array } {
  if (k === 0) return {};
  let size = 2;
  while (size < 2 * points) size *= 2;
  const mask = size - 1;
  const first = new Int32Array(size).fill(-1);
  const seen = new Uint32Array(size);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const same = (a: number, b: number): boolean => {
    for (let j = 0; j < k; j++) {
      const x = values[a * k + j] as number;
      const y = values[b * k + j] as number;
      if (x !== y && (x === x || y === y)) return false;
    }
    return true;
  };
  // MurmurHash3's 32-bit mixing (Appleby): every bit of a value reaches the low bits a slot uses
  const mix = (h: number, word: number): number => {
    let w = Math.imul(word, 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = (h << 13) | (h >>> 19);
    return (Math.imul(h, 5) + 0xe6546b64) | 0;
  };
  let repeats: Uint32Array | undefined;
  for (let p = 0; p < points; p++) {
    let h = k;
    for (let j = 0; j < k; j++) {
      const x = (values[p * k + j] as number) + 0; // -0 + 0 is 0: equal values, equal bits
      bits[0] = x === x ? x : NaN;
      h = mix(mix(h, words[0] as number), words[1] as number);
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let slot = (h ^ (h >>> 16)) & mask;
    while (first[slot] !== -1 && !same(first[slot] as number, p)) slot = (slot + 1) & mask;
    if (first[slot] === -1) first[slot] = p;
    const n = seen[slot] as number;
    seen[slot] = n + 1;
    if (n > 0) {
      repeats ??= new Uint32Array(points);
      repeats[p] = n;
    }
  }
  return repeats === undefined ? {} : { repeats };
}

function fail<T>(issues: Issue[]): Result<T> {
  return { ok: false, issues };
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => a.issue.pos.line - b.issue.pos.line || a.issue.pos.col - b.issue.pos.col || a.i - b.i)
    .map((x) => x.issue);
}

function duplicates(ids: readonly string[], pos: (i: number) => Pos, list: string, what: string, issues: Issue[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issues.push({ pos: pos(i), path: `${list}`, message: `${what} "${id}" appears twice` });
    seen.add(id);
  });
}

/** Applies an `overlay` (merged like extends) and then the `set` map of a located node. */
function applyOverrides(tree: Record<string, unknown>, node: unknown, at: (string | number)[], issues: Issue[]): Record<string, unknown> {
  if (!isRecord(node)) return tree;
  let out = tree;
  const overlay = node["overlay"];
  if (isRecord(overlay)) {
    if ("extends" in overlay) {
      const pos = metaOf(overlay)?.keys.get("extends")?.key ?? metaOf(node)?.self;
      issues.push({ pos: pos ?? { file: "?", line: 1, col: 1 }, path: [...at, "overlay", "extends"].join("."), message: "an overlay cannot extend other files; name the base in scenario:" });
      return tree;
    }
    out = mergeValues(out, overlay, "", issues) as Record<string, unknown>;
  }
  const set = node["set"];
  if (isRecord(set)) {
    const meta = metaOf(set);
    for (const [pathText, value] of Object.entries(set)) {
      const entry = meta?.keys.get(pathText);
      const keyPos = entry?.key ?? metaOf(node)?.self ?? { file: "?", line: 1, col: 1 };
      const issue = checkSetPath(pathText, keyPos, "an experiment");
      if (issue !== undefined) {
        issues.push(issue);
        continue;
      }
      out = setPath(out, pathText, value, () => keyPos, entry?.value ?? keyPos, issues);
    }
  }
  return out;
}

/** Whether a partial scenario (an overlay) holds a value at a path (lists by id). */
function reaches(node: unknown, path: readonly string[]): boolean {
  let cur = node;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      const i = findById(cur, seg);
      if (i < 0) return false;
      cur = cur[i];
    } else if (isRecord(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = cur[seg];
    } else {
      return false;
    }
  }
  return true;
}

function sourceIds(tree: Record<string, unknown>): string[] {
  const list = tree["sources"];
  return Array.isArray(list) ? list.filter(isRecord).map((s) => String(s["id"])) : [];
}

function toDistribution(u: UncertaintyFile, say: (key: string, message: string) => void): Distribution | undefined {
  switch (u.distribution) {
    case "uniform":
    case "log-uniform":
      if (!(u.min < u.max)) return void say("max", `max (${u.max}) must be greater than min (${u.min})`);
      return { kind: u.distribution, min: u.min, max: u.max };
    case "normal":
      return { kind: "normal", mean: u.mean, sd: u.sd };
    case "truncated-normal":
      if (!(u.min < u.max)) return void say("max", `max (${u.max}) must be greater than min (${u.min})`);
      return { kind: "truncated-normal", mean: u.mean, sd: u.sd, min: u.min, max: u.max };
    case "triangular":
      if (!(u.min < u.max)) return void say("max", `max (${u.max}) must be greater than min (${u.min})`);
      if (!(u.mode >= u.min && u.mode <= u.max)) return void say("mode", `mode (${u.mode}) must lie between min (${u.min}) and max (${u.max})`);
      return { kind: "triangular", min: u.min, mode: u.mode, max: u.max };
    case "discrete":
      if (new Set(u.values).size !== u.values.length) return void say("values", "values must all be different");
      return { kind: "discrete", values: u.values };
  }
}

/** The numeric field a path names: its unit, bounds, and whether it takes a quantity map. */
function describeField(tree: Record<string, unknown>, pathText: string): { unit?: string | undefined; bounds?: ReturnType<typeof fieldBounds>; quantity: boolean } | { error: string } {
  const path = parsePath(pathText) as string[];
  let node: unknown = tree;
  let parent: unknown;
  const treePath: (string | number)[] = [];
  for (const seg of path) {
    parent = node;
    if (Array.isArray(node)) {
      const i = findById(node, seg);
      if (i < 0) return { error: `no item with id "${seg}" in ${displayPath(tree, treePath) || "the list"}${didYouMean(seg, node.filter(isRecord).map((e) => String(e["id"])))}` };
      node = node[i];
      treePath.push(i);
    } else if (isRecord(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, seg)) {
        // a field the scenario leaves to its default: it is numeric if the schema says so
        const bounds = fieldBounds(scenarioSchema, path);
        if (bounds === undefined) return { error: `no key "${seg}" in ${displayPath(tree, treePath) || "the scenario"}${didYouMean(seg, Object.keys(node))}` };
        return { unit: bounds.unit || undefined, bounds, quantity: bounds.unit !== "" };
      }
      node = node[seg];
      treePath.push(seg);
    } else {
      return { error: `${displayPath(tree, treePath)} is a single value; it has no "${seg}"` };
    }
  }
  const bounds = fieldBounds(scenarioSchema, path);
  const numeric = typeof node === "number" || (isRecord(node) && typeof node["value"] === "number");
  if (!numeric && bounds === undefined) return { error: `${pathText} is not a number the scenario sets (an uncertainty varies a number)` };
  // a named parameter's value: its unit is the parameter's own
  if (path.length === 3 && path[0] === "parameters" && path[2] === "value" && isRecord(parent) && typeof parent["unit"] === "string") {
    return { unit: parent["unit"], quantity: false };
  }
  if (isRecord(node) && typeof node["value"] === "number" && !(bounds?.unit)) {
    return { error: `${pathText} is a map; name its number (${pathText}.value)` };
  }
  return { unit: bounds?.unit || undefined, bounds, quantity: bounds !== undefined && bounds.unit !== "" };
}

/** Metric symbols of a loaded scenario with their units. */
export function symbolUnits(loaded: LoadedScenario): Map<string, string> {
  const spec = toRunSpec(loaded, 0);
  const layout = makeLayout(spec.model.metrics, spec.model.entities(spec.params));
  const slots = metricSymbols(layout);
  const units = new Map<string, string>();
  for (const name of Object.keys(slots).sort()) {
    const slot = slots[name] as number;
    let m = 0;
    while (m + 1 < layout.offsets.length && (layout.offsets[m + 1] as number) <= slot) m++;
    units.set(name, layout.defs[m]!.unit);
  }
  return units;
}

function makeDesign(
  exp: ExperimentFile,
  us: readonly PlannedUncertainty[],
  at: (path: (string | number)[]) => Pos,
  host: ExperimentHost,
  files: string[],
  issues: Issue[],
): { info: DesignInfo; values: Float64Array; points: number } | undefined {
  const k = us.length;
  const d = exp.design;
  if (k === 0) {
    if (d !== undefined) issues.push({ pos: at(["design"]), path: "design", message: "a design chooses values of uncertainties, and there are none: remove it, or add uncertainties" });
    return { info: { type: "single" }, values: new Float64Array(0), points: 1 };
  }
  if (d === undefined) {
    issues.push({ pos: at(["uncertainties"]), path: "design", message: "uncertainties need a design (design: {type: lhs, samples: 100}; grid, random, sobol, morris or csv)" });
    return undefined;
  }
  const rng = Rng.fromSeed(exp.seed).fork("design");
  const size = d.type === "random" || d.type === "lhs" ? d.samples : d.type === "sobol" ? d.samples * (k + 2) : d.type === "morris" ? d.trajectories * (k + 1) : 0;
  if (size > MAX_POINTS) {
    const key = d.type === "morris" ? "trajectories" : "samples";
    issues.push({ pos: at(["design", key]), path: `design.${key}`, message: `the design has ${size} points; at most ${MAX_POINTS.toLocaleString("en")} are allowed (replications multiply runs without adding points)` });
    return undefined;
  }
  const fromUnit = (rows: readonly (readonly number[])[]) => {
    const values = new Float64Array(rows.length * k);
    rows.forEach((row, p) => row.forEach((u, j) => (values[p * k + j] = valueAt(us[j]!.distribution, u))));
    return values;
  };
  const needBounded = (what: string) => {
    us.forEach((u, j) => {
      if (!isBounded(u.distribution)) issues.push({ pos: at(["uncertainties", j, "distribution"]), path: `uncertainties.${u.id}`, message: `a ${what} design needs bounded distributions; ${u.id} is normal (use truncated-normal)` });
    });
    return issues.length === 0;
  };
  switch (d.type) {
    case "grid": {
      if (!needBounded("grid")) return undefined;
      const levels = us.map((u) => {
        const l = typeof d.levels === "number" ? d.levels : d.levels[u.id];
        if (u.distribution.kind === "discrete") return u.distribution.values.length;
        return l ?? 1;
      });
      if (typeof d.levels !== "number") {
        for (const id of Object.keys(d.levels)) {
          if (!us.some((u) => u.id === id)) issues.push({ pos: at(["design", "levels", id]), path: `design.levels.${id}`, message: `no uncertainty "${id}"${didYouMean(id, us.map((u) => u.id))}` });
        }
        us.forEach((u, j) => {
          if (u.distribution.kind !== "discrete" && (d.levels as Record<string, number>)[u.id] === undefined) {
            issues.push({ pos: at(["design", "levels"]), path: "design.levels", message: `no levels for ${u.id}` });
            void j;
          }
        });
      }
      const points = levels.reduce((a, b) => a * b, 1);
      if (points > MAX_POINTS) {
        issues.push({ pos: at(["design", "levels"]), path: "design.levels", message: `the grid has ${points} points; at most ${MAX_POINTS.toLocaleString("en")} are allowed (fewer levels, or a Latin hypercube)` });
        return undefined;
      }
      if (issues.length > 0) return undefined;
      // a discrete uncertainty's levels are its values: grid coordinate i/(n-1) -> value i
      const rows = gridDesign(levels).map((row) =>
        row.map((u, j) => {
          const dist = us[j]!.distribution;
          if (dist.kind !== "discrete") return u;
          const n = dist.values.length;
          return n === 1 ? 0 : (Math.round(u * (n - 1)) + 0.5) / n;
        }),
      );
      return { info: { type: "grid", levels }, values: fromUnit(rows), points: rows.length };
    }
    case "random": {
      const rows = randomDesign(k, d.samples, rng);
      return { info: { type: "random", samples: d.samples }, values: fromUnit(rows), points: rows.length };
    }
    case "lhs": {
      const rows = latinHypercube(k, d.samples, rng);
      return { info: { type: "lhs", samples: d.samples }, values: fromUnit(rows), points: rows.length };
    }
    case "sobol": {
      if (2 * k > SOBOL_MAX_DIMENSIONS) {
        issues.push({ pos: at(["uncertainties"]), path: "design", message: `a Sobol design takes at most ${SOBOL_MAX_DIMENSIONS / 2} uncertainties (there are ${k}); screen them with morris first` });
        return undefined;
      }
      if (d.samples < 2) {
        issues.push({ pos: at(["design", "samples"]), path: "design.samples", message: "a Sobol design needs at least 2 samples" });
        return undefined;
      }
      const saltelli = saltelliDesign(k, d.samples, rng);
      return { info: { type: "sobol", saltelli, resamples: d.resamples ?? 200 }, values: fromUnit(saltelli.rows), points: saltelli.rows.length };
    }
    case "morris": {
      if (!needBounded("Morris")) return undefined;
      const levels = d.levels ?? 4;
      if (levels % 2 !== 0 || levels < 2) {
        issues.push({ pos: at(["design", "levels"]), path: "design.levels", message: `levels must be an even number (4 is usual), got ${levels}` });
        return undefined;
      }
      const morris = morrisDesign(k, d.trajectories, levels, rng);
      return { info: { type: "morris", morris }, values: fromUnit(morris.rows), points: morris.rows.length };
    }
    case "csv": {
      const read = host.read(d.file);
      if ("error" in read) {
        issues.push({ pos: read.pos ?? at(["design", "file"]), path: "design.file", message: read.error });
        return undefined;
      }
      files.push(read.display);
      const values = csvPoints(read.text, read.display, us, issues);
      if (values === undefined) return undefined;
      return { info: { type: "csv", file: read.display }, values, points: values.length / k };
    }
  }
}

/** Points from a CSV file: a header naming every uncertainty, then one row of numbers per point. */
function csvPoints(text: string, display: string, us: readonly PlannedUncertainty[], issues: Issue[]): Float64Array | undefined {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const pos = (line: number, col = 1): Pos => ({ file: display, line, col });
  if (lines.length < 2) {
    issues.push({ pos: pos(1), path: "design.file", message: "the file needs a header row naming the uncertainties and at least one row of values" });
    return undefined;
  }
  const header = lines[0]!.split(",").map((h) => h.trim());
  const k = us.length;
  if (lines.length - 1 > MAX_POINTS) {
    issues.push({ pos: pos(1), path: "design.file", message: `the file has ${lines.length - 1} points; at most ${MAX_POINTS.toLocaleString("en")} are allowed` });
    return undefined;
  }
  header.forEach((h, c) => {
    if (header.indexOf(h) !== c) issues.push({ pos: pos(1), path: "design.file", message: `column "${h}" appears twice` });
  });
  const column = us.map((u) => header.indexOf(u.id));
  us.forEach((u, j) => {
    if (column[j]! < 0) issues.push({ pos: pos(1), path: "design.file", message: `no column "${u.id}" (the header is ${header.join(",")})` });
  });
  header.forEach((h, c) => {
    if (!us.some((u) => u.id === h)) issues.push({ pos: pos(1, lines[0]!.split(",").slice(0, c).join(",").length + (c > 0 ? 2 : 1)), path: "design.file", message: `column "${h}" is not an uncertainty${didYouMean(h, us.map((u) => u.id))}` });
  });
  if (issues.length > 0) return undefined;
  const values = new Float64Array((lines.length - 1) * k);
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r]!.split(",");
    if (cells.length !== header.length) {
      issues.push({ pos: pos(r + 1), path: "design.file", message: `row has ${cells.length} cells, the header ${header.length}` });
      if (issues.length > 20) return undefined;
      continue;
    }
    us.forEach((u, j) => {
      const c = column[j]!;
      const cell = cells[c]!.trim();
      const x = Number(cell);
      const col = cells.slice(0, c).join(",").length + (c > 0 ? 2 : 1);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell) || !Number.isFinite(x)) {
        issues.push({ pos: pos(r + 1, col), path: `design.file`, message: `${u.id}: expected a number, got "${cell}"` });
        return;
      }
      const [lo, hi] = support(u.distribution);
      if (x < lo || x > hi) issues.push({ pos: pos(r + 1, col), path: "design.file", message: `${u.id} = ${x} is outside its declared range ${lo}..${hi}` });
      values[(r - 1) * k + j] = x;
    });
    if (issues.length > 20) return undefined;
  }
  return issues.length > 0 ? undefined : values;
}

/** Compiles outcomes against the metrics of every policy's scenario and the horizon. */
export function planOutcomes(
  files: readonly OutcomeFile[],
  clock: Clock,
  policyIds: readonly string[],
  symbolsByPolicy: readonly Map<string, string>[],
  /** Ids already columns of runs.csv: the uncertainties'. */
  reserved: ReadonlySet<string>,
  at: (i: number, key: string) => Pos,
  issues: Issue[],
): PlannedOutcome[] {
  const outcomes: PlannedOutcome[] = [];
  duplicates(files.map((o) => o.id), (i) => at(i, "id"), "outcomes", "outcome", issues);
  files.forEach((o, i) => {
    const here = (key: string) => at(i, key);
    const say = (key: string, message: string) => issues.push({ pos: here(key), path: `outcomes.${o.id}${key === "id" ? "" : "." + key}`, message });
    const fixed = reservedColumn(o.id, { runs: true, points: false });
    if (fixed !== undefined) return say("id", fixed);
    if (reserved.has(o.id)) return say("id", `"${o.id}" is already a column of runs.csv (an uncertainty's id)`);
    const missing = policyIds.filter((_, q) => !symbolsByPolicy[q]!.has(o.metric));
    if (missing.length > 0) {
      const under = missing.length < policyIds.length ? ` under policy ${missing.join(", ")}` : "";
      return say("metric", `no output "${o.metric}"${under}${didYouMean(o.metric, [...symbolsByPolicy[0]!.keys()])} (docs/output.md lists them; entities are written metric_ID)`);
    }
    const unit = symbolsByPolicy[0]!.get(o.metric);
    const step = (key: "date" | "from" | "to", q: string | undefined, fallback: number): number | undefined => {
      if (q === undefined) return fallback;
      const s = (parseQuarter(q) as number) - clock.start;
      if (s < 0 || s > clock.steps) {
        say(key, `${q} is outside the scenario's horizon ${clock.labels[0]}..${clock.labels[clock.steps]}`);
        return undefined;
      }
      return s;
    };
    const needs = (key: keyof OutcomeFile, present: boolean, when: string) => {
      if (!present) say(key === "date" || key === "threshold" ? "aggregate" : key, `${o.aggregate} needs ${key} (${when})`);
      return present;
    };
    const forbid = (keys: (keyof OutcomeFile)[]) => {
      for (const key of keys) if (o[key] !== undefined) say(key, `${key} does not apply to aggregate ${o.aggregate}`);
    };
    let from = 0;
    let to = clock.steps;
    if (o.aggregate === "at") {
      if (!needs("date", o.date !== undefined, "the quarter to read, e.g. date: 2030Q4")) return;
      forbid(["from", "to", "threshold", "direction"]);
      const s = step("date", o.date, 0);
      if (s === undefined) return;
      from = to = s;
    } else if (o.aggregate === "first-crossing") {
      if (!needs("threshold", o.threshold !== undefined, "the level to reach, e.g. threshold: 6")) return;
      forbid(["date"]);
    } else {
      forbid(o.aggregate === "final" ? ["date", "from", "to", "threshold", "direction"] : ["date", "threshold", "direction"]);
    }
    if (o.aggregate !== "at" && o.aggregate !== "final") {
      const f = step("from", o.from, 0);
      const t = step("to", o.to, clock.steps);
      if (f === undefined || t === undefined) return;
      if (f > t) return say("to", `to (${o.to}) is before from (${o.from})`);
      from = f;
      to = t;
    }
    outcomes.push({
      id: o.id,
      metric: o.metric,
      aggregate: o.aggregate,
      unit: o.aggregate === "first-crossing" ? "yr" : unit ?? "",
      description: o.description ?? "",
      from,
      to,
      threshold: o.threshold ?? NaN,
      direction: o.direction === "below" ? -1 : 1,
    });
  });
  return outcomes;
}
