/**
 * `airace evaluate [scenario]`: the evaluation suite (docs/evaluation.md) on a scenario. Its
 * variants run as one experiment (paired seeds, worker threads, progress, resume); the checks
 * are read from the runs and written as evaluation.json and evaluation.md beside them.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseRunsRow } from "../experiment/collect.js";
import { runRef } from "../experiment/plan.js";
import { DOC_TITLE, evaluationJson, evaluationMarkdown, summaryLines } from "../evaluation/document.js";
import type { Evaluation } from "../evaluation/document.js";
import { evaluateRuns } from "../evaluation/evaluate.js";
import type { PlanSource } from "../io/experiment-host.js";
import { loadEvaluation, sha256 } from "../io/experiment-host.js";
import { makeDirs, writeFileAtomic } from "../io/files.js";
import { directRuns } from "../evaluation/direct.js";
import { formatIssue } from "../scenario/issues.js";
import type { Roles } from "../evaluation/roles.js";
import { parseRoles, rolesOption, SUITE_COUNTRIES } from "../evaluation/roles.js";
import { CliError, EXIT } from "./exit.js";
import { checkOutput, experimentGiven, parseSeed } from "./load.js";
import type { SweepOptions } from "./sweep.js";
import { executePlan, failIfRunsFailed, humanSeconds } from "./sweep.js";

export interface EvaluateOptions extends SweepOptions {
  seeds: string;
  seed?: string;
  /** Also write the document here (docs/evaluation.md). */
  doc?: string;
  /** Roles: ROLE=COUNTRY pairs (roles.ts). */
  as?: string;
}

/** The command that regenerates an evaluation, as the document quotes it. */
export function evaluateCommandLine(scenario: string, seeds: number, seed: number | undefined, roles: Roles = []): string {
  return `airace evaluate ${scenario} --seeds ${seeds}${seed !== undefined ? ` --seed ${seed}` : ""}${roles.length > 0 ? ` --as ${rolesOption(roles)}` : ""}`;
}

export async function evaluateCommand(
  scenario: string,
  opts: EvaluateOptions,
  print: (text: string) => void,
  printErr: (text: string) => void,
  stopRequested: () => boolean,
): Promise<void> {
  const seeds = Number(opts.seeds);
  if (!/^\d{1,5}$/.test(opts.seeds) || seeds < 2 || seeds > 10000) {
    throw new CliError(EXIT.input, [`--seeds: expected a whole number from 2 to 10000 (a confidence interval needs two pairs), got "${opts.seeds}"`]);
  }
  const given = opts.seed !== undefined ? parseSeed(opts.seed) : undefined;
  let roles: Roles = [];
  if (opts.as !== undefined) {
    const r = parseRoles(opts.as);
    if (!r.ok) throw new CliError(EXIT.input, [`--as: ${r.message}; nothing was run.`]);
    roles = r.roles;
  }
  if (opts.doc !== undefined) checkDoc(opts.doc, opts.force === true);
  const options = { seeds, ...(given !== undefined ? { seed: given } : {}), ...(roles.length > 0 ? { roles } : {}) };
  const source: PlanSource = { kind: "evaluate", scenario, options };
  const loaded = loadEvaluation(scenario, options);
  if (!loaded.ok) {
    experimentGiven(scenario, "nothing was run");
    const n = loaded.issues.length;
    throw new CliError(EXIT.input, [...loaded.issues.map(formatIssue), `${n} problem${n === 1 ? "" : "s"} found in ${scenario}; nothing was run.`]);
  }
  const { plan, evaluation: pe } = loaded.value;
  const seed = plan.experiment.seed;
  const dir = opts.out ?? join("results", "evaluate", pe.base.scenario.name, `${seeds}-${loaded.value.digest.slice(0, 8)}`);
  const command = evaluateCommandLine(scenario, seeds, given, roles);
  if (!opts.quiet) print(`  plus ${directRuns(pe)} runs in this thread for the direct checks (renaming, reordering, scans of levers): after the others, counted in the estimate below`);
  const again = [command, ...(opts.out ? [`--out ${opts.out}`] : []), "--resume", ...(opts.force ? ["--force"] : [])].join(" ");
  let result: Evaluation | undefined;
  let doc = "";
  const r = await executePlan(source, loaded.value, dir, opts, again, print, printErr, stopRequested, (_collector, folder) => {
    // values[policy][replication][outcome], read back from runs.csv
    const values = plan.policies.map(() => Array.from({ length: seeds }, () => new Float64Array(plan.outcomes.length).fill(NaN)));
    folder.forEachRow("runs.csv", (line) => {
      const row = parseRunsRow(plan, line);
      const ref = runRef(plan, row.run);
      row.values.forEach((v, i) => (values[ref.policy]![ref.replication]![i] = v));
    });
    result = evaluateRuns(pe, (p, rep, o) => values[p]![rep]![o]!);
    const json = evaluationJson(result);
    doc = evaluationMarkdown(result, { digest: sha256(json), command });
    return new Map([
      ["evaluation.json", json],
      ["evaluation.md", doc],
    ]);
  }, { reads: ["runs.csv"], runs: directRuns(pe) });
  if (r.dry) return;
  if (opts.doc !== undefined && doc !== "") {
    makeDirs(dirname(resolve(opts.doc)));
    writeFileAtomic(opts.doc, doc);
  }
  if (opts.quiet || result === undefined) return failIfRunsFailed(r, plan.runs, dir);
  print("");
  print(`${plan.runs} runs in ${humanSeconds(r.seconds)}${r.failures > 0 ? `, ${r.failures} failed` : ""}; ${seeds} seeds (master seed ${seed}).`);
  for (const line of summaryLines(result)) print(line);
  if (pe.roles.length === 0 && !pe.entities.countries.some((c) => (SUITE_COUNTRIES as readonly string[]).includes(c))) {
    print(`This world has none of the countries the checks name (${SUITE_COUNTRIES.join(", ")}): --as US=${pe.entities.countries[0] ?? "<id>"},... reads it in their roles, so its invariances and mechanisms are checked too.`);
  }
  print("");
  print(`Results in ${dir}/`);
  print(`  ${r.files.join("  ")}`);
  if (opts.doc !== undefined) print(`Document written to ${opts.doc}`);
  failIfRunsFailed(r, plan.runs, dir);
}

/**
 * Where the document goes: a file that can be written (its folder is made if missing). An
 * existing file is replaced only with --force, and only if it is an evaluation document.
 */
function checkDoc(path: string, force: boolean): void {
  checkOutput(path, true, "--doc");
  if (!existsSync(path)) return;
  if (!force) throw new CliError(EXIT.input, [`--doc: ${path} exists; add --force to replace it; nothing was run.`]);
  let head = "";
  try {
    head = readFileSync(path, "utf8").slice(0, 200);
  } catch {
    // unreadable: not ours either
  }
  if (!head.startsWith(DOC_TITLE)) throw new CliError(EXIT.input, [`--doc: ${path} is not an evaluation document (it does not start with "${DOC_TITLE}"); it is never replaced. Choose another file.`]);
}
