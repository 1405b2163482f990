/**
 * Experiment files on disk: an experiment is a library name (scenarios/experiments/<name>.yaml)
 * or a path. The scenario it names is a library name or a path relative to the experiment
 * file, as are design CSV files.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ComparisonOptions } from "../experiment/compare.js";
import { planComparison } from "../experiment/compare.js";
import type { ExperimentHost, Plan } from "../experiment/plan.js";
import { planExperiment } from "../experiment/plan.js";
import { resolvedYaml } from "../report/outputs.js";
import type { Issue, Pos, Result } from "../scenario/issues.js";
import { mergeValues } from "../scenario/merge.js";
import { prepareScenario } from "../scenario/load.js";
import { parseLocated } from "../scenario/located.js";
import { isRecord } from "../engine/path.js";
import type { EvaluationOptions, PlannedEvaluation } from "../evaluation/plan.js";
import { planEvaluation } from "../evaluation/plan.js";
import { didYouMean } from "../scenario/issues.js";
import { displayName, FileHost, libraryNames } from "./host.js";
import { experimentPath, LIBRARY_NAME } from "./experiment-ref.js";
import { MODEL_VERSION } from "../model/index.js";
import { EXPERIMENT_LIBRARY, LIBRARY_DIR, toolVersion } from "./package-info.js";

export { EXPERIMENT_LIBRARY };

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Reads a file with FileHost's checks (size, UTF-8), naming it in any error. */
function readText(path: string): { text: string } | { error: string; pos?: Pos } {
  if (!existsSync(path)) return { error: `file not found: ${displayName(path)}` };
  if (!statSync(path).isFile()) return { error: `${displayName(path)} is not a file` };
  const r = new FileHost().read(path);
  if (!("error" in r)) return r;
  // text that does not decode is reported where it is in the file
  if (r.line !== undefined && r.col !== undefined) return { error: r.error, pos: { file: displayName(path), line: r.line, col: r.col } };
  return { error: `${displayName(path)}: ${r.error}` };
}

export interface LoadedExperiment {
  plan: Plan;
  /** Absolute path of the experiment file, and its text (hashed into the results folder's id). */
  path: string;
  text: string;
  /** Texts of the other files read (design CSV), hashed too. */
  extra: string[];
}

export function loadExperiment(ref: string, opts: { probe: boolean } = { probe: true }): Result<LoadedExperiment> {
  const path = experimentPath(ref);
  const cli = { file: "<command line>", line: 1, col: 1 };
  if (LIBRARY_NAME.test(ref) && !ref.endsWith(".yaml") && !existsSync(path)) {
    return { ok: false, issues: [{ pos: cli, path: "", message: `no experiment named "${ref}" in the library (scenarios/experiments/)${didYouMean(ref, libraryNames(EXPERIMENT_LIBRARY))}; for a file, write its path (./${ref}.yaml)` }] };
  }
  const read = readText(path);
  if ("error" in read) return { ok: false, issues: [{ pos: read.pos ?? cli, path: "", message: read.error }] };
  const dir = dirname(path);
  const extra: string[] = [];
  const host: ExperimentHost = {
    scenario: (s) => prepareScenario(new FileHost(), LIBRARY_NAME.test(s) && !s.endsWith(".yaml") ? s : resolve(dir, s)),
    read: (f) => {
      const full = resolve(dir, f);
      const r = readText(full);
      if ("error" in r) return r;
      extra.push(r.text);
      return { text: r.text, display: displayName(full) };
    },
    sha256,
    resolvedYaml,
  };
  const planned = planExperiment(host, read.text, displayName(path), opts);
  if (!planned.ok) return planned;
  return { ok: true, warnings: [], value: { plan: planned.value, path, text: read.text, extra } };
}

/** The identity of an experiment's results: the tool and model versions, its files and its scenarios. */
export function experimentDigest(loaded: LoadedExperiment): string {
  return sha256([toolVersion(), MODEL_VERSION, loaded.text, ...loaded.extra, loaded.plan.scenarioSha256, ...loaded.plan.policies.map((p) => resolvedYaml(p.tree, p.id))].join("\u0000"));
}

/** What a plan is made from: enough to rebuild it in a worker thread. */
export type PlanSource =
  | { kind: "experiment"; ref: string }
  | { kind: "compare"; a: string; b: string; options: ComparisonOptions }
  | { kind: "evaluate"; scenario: string; options: EvaluationOptions };

export interface LoadedPlan {
  plan: Plan;
  /** Identity of the plan's inputs: names the results folder and guards resumes. */
  digest: string;
  /** Copies of the inputs kept with the results: the experiment file, and each policy's
   * scenario as run (before the points' values), by file name. */
  inputs: Map<string, string>;
}

function scenarioInputs(plan: Plan): [string, string][] {
  return plan.policies.map((p) => [`scenario.${p.id}.resolved.yaml`, resolvedYaml(p.tree, p.id)]);
}

/**
 * The changes a library scenario makes to the baseline: its own file, after the changes of the
 * library scenarios it extends on the way (taiwan-blockade-us-fabs extends taiwan-blockade).
 */
function libraryChanges(name: string, depth = 0): Result<Record<string, unknown>> {
  const own = libraryFile(name);
  if (!own.ok) return own;
  const parent = own.value["extends"];
  if (typeof parent !== "string" || parent === "baseline" || depth >= 8) return own;
  const before = libraryChanges(parent, depth + 1);
  if (!before.ok) return before;
  const issues: Issue[] = [];
  const merged = mergeValues(before.value, own.value, "", issues) as Record<string, unknown>;
  return issues.length > 0 ? { ok: false, issues } : { ok: true, warnings: [], value: merged };
}

/** A library scenario's own tree (its file, `extends` not resolved). */
function libraryFile(name: string): Result<Record<string, unknown>> {
  const cli = { file: "<evaluation>", line: 1, col: 1 };
  const path = join(LIBRARY_DIR, `${name}.yaml`);
  const read = readText(path);
  if ("error" in read) return { ok: false, issues: [{ pos: read.pos ?? cli, path: "", message: read.error }] };
  const parsed = parseLocated(read.text, displayName(path));
  if (parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  if (!isRecord(parsed.value)) return { ok: false, issues: [{ pos: cli, path: "", message: `${displayName(path)} is not a scenario` }] };
  return { ok: true, warnings: [], value: parsed.value };
}

/** The evaluation suite's plan for a scenario, and the checks it reads. */
export function loadEvaluation(scenario: string, options: EvaluationOptions): Result<LoadedPlan & { evaluation: PlannedEvaluation }> {
  const template = prepareScenario(new FileHost(), scenario);
  if (!template.ok) return template;
  const planned = planEvaluation({ sha256, resolvedYaml, changes: libraryChanges }, template.value, options);
  if (!planned.ok) return planned;
  const plan = planned.value.plan;
  const digest = sha256([toolVersion(), MODEL_VERSION, "evaluate", JSON.stringify(options), ...plan.policies.map((p) => resolvedYaml(p.tree, p.id))].join("\u0000"));
  const inputs = new Map([[`scenario.${plan.scenarioName}.resolved.yaml`, resolvedYaml(template.value.tree, plan.scenarioName)]]);
  return { ok: true, warnings: [], value: { plan, digest, inputs, evaluation: planned.value } };
}

/** Builds the plan of a source (an experiment file, a comparison of two scenarios, an evaluation). */
export function loadPlan(source: PlanSource, opts: { probe: boolean } = { probe: true }): Result<LoadedPlan> {
  if (source.kind === "evaluate") return loadEvaluation(source.scenario, source.options);
  if (source.kind === "experiment") {
    const r = loadExperiment(source.ref, opts);
    if (!r.ok) return r;
    const inputs = new Map<string, string>([["experiment.yaml", r.value.text], ...r.value.extra.map((t, i): [string, string] => [`design${i > 0 ? i + 1 : ""}.csv`, t]), ...scenarioInputs(r.value.plan)]);
    return { ok: true, warnings: [], value: { plan: r.value.plan, digest: experimentDigest(r.value), inputs } };
  }
  const a = prepareScenario(new FileHost(), source.a);
  const b = prepareScenario(new FileHost(), source.b);
  if (!a.ok || !b.ok) return { ok: false, issues: [...(a.ok ? [] : a.issues), ...(b.ok ? [] : b.issues)] };
  const host: ExperimentHost = { scenario: () => a, read: () => ({ error: "no files are read by a comparison" }), sha256, resolvedYaml };
  const planned = planComparison(host, a.value, b.value, source.options);
  if (!planned.ok) return planned;
  const digest = sha256([toolVersion(), MODEL_VERSION, resolvedYaml(a.value.tree, "a"), resolvedYaml(b.value.tree, "b"), JSON.stringify(source.options)].join("\u0000"));
  return { ok: true, warnings: planned.warnings, value: { plan: planned.value, digest, inputs: new Map(scenarioInputs(planned.value)) } };
}
