/**
 * The evaluation's outputs: evaluation.json (every check with its design, numbers and verdict)
 * and a readable document organised as TRACE (Grimm et al. 2014, "Towards better modelling and
 * decision support: documenting model development, testing, and analysis using TRACE",
 * Ecological Modelling 280: 129-139). docs/evaluation.md is this document for the baseline with
 * 30 seeds; its generated part carries the results digest that a test compares with a fresh
 * evaluation.
 */
import type { CheckResult } from "./judge.js";
import { fmt } from "./judge.js";
import type { Family } from "./suite.js";
import { FAMILIES } from "./suite.js";

export const EVALUATION_FORMAT = "airace-evaluation/1";

/** How every evaluation document starts (a file that does not is never replaced by one). */
export const DOC_TITLE = "# Model evaluation (TRACE)";

export interface Evaluation {
  format: typeof EVALUATION_FORMAT;
  scenario: string;
  title: string;
  model_version: string;
  seeds: number;
  seed: number;
  /** Which of the scenario's countries played each country the checks name (absent: none). */
  roles?: Record<string, string>;
  summary: Summary;
  checks: CheckResult[];
}

export interface Summary {
  checks: number;
  pass: number;
  fail: number;
  not_applicable: number;
  by_family: Record<string, { pass: number; fail: number; not_applicable: number }>;
}

export function summarise(checks: readonly CheckResult[]): Summary {
  const by: Summary["by_family"] = {};
  for (const f of FAMILIES) by[f.id] = { pass: 0, fail: 0, not_applicable: 0 };
  for (const c of checks) {
    const b = by[c.family]!;
    if (c.verdict === "pass") b.pass++;
    else if (c.verdict === "fail") b.fail++;
    else b.not_applicable++;
  }
  return {
    checks: checks.length,
    pass: checks.filter((c) => c.verdict === "pass").length,
    fail: checks.filter((c) => c.verdict === "fail").length,
    not_applicable: checks.filter((c) => c.verdict === "n/a").length,
    by_family: by,
  };
}

/** The checks in the suite's order of families (then as declared). */
export function makeEvaluation(meta: Omit<Evaluation, "format" | "summary" | "checks">, checks: readonly CheckResult[]): Evaluation {
  const order = new Map(FAMILIES.map((f, i) => [f.id, i]));
  const sorted = checks.map((c, i) => ({ c, i })).sort((a, b) => order.get(a.c.family)! - order.get(b.c.family)! || a.i - b.i).map((x) => x.c);
  return { format: EVALUATION_FORMAT, ...meta, summary: summarise(sorted), checks: sorted };
}

export function evaluationJson(e: Evaluation): string {
  return JSON.stringify(e, null, 2) + "\n";
}

/** Markdown table cell: no line breaks, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

const MARK: Record<CheckResult["verdict"], string> = { pass: "pass", fail: "**FAIL**", "n/a": "n/a" };

function table(checks: readonly CheckResult[]): string[] {
  if (checks.length === 0) return ["(none)", ""];
  const lines = ["| check | claim or property | expected | result | verdict |", "| --- | --- | --- | --- | --- |"];
  for (const c of checks) lines.push(`| \`${c.id}\` | ${cell(c.claim)}${c.start === true ? " *(a starting value)*" : ""} | ${cell(c.expected)} | ${cell(c.reason)} | ${MARK[c.verdict]} |`);
  lines.push("");
  const failing = checks.filter((c) => c.verdict === "fail");
  if (failing.length > 0) {
    lines.push("What would fix the failing checks:", "");
    for (const c of failing) lines.push(`- \`${c.id}\`: ${c.fix ?? ""}.`);
    lines.push("");
  }
  return lines;
}

function familyTable(e: Evaluation, family: Family): string[] {
  const checks = e.checks.filter((c) => c.family === family);
  return [...table(checks), ...checks.flatMap(grid)];
}

const SIGN_MARK: Record<string, string> = { "1": "+", "-1": "-", "0": "~" };

/**
 * A grid check's effect cell by cell (rows: its first parameter, columns: its second), so a
 * reader sees where the sign turns, not only that it does.
 */
function grid(c: CheckResult): string[] {
  const n = c.numbers;
  const means = n.mean_difference;
  const signs = n.sign;
  const axes = Object.keys(n).filter((k) => k !== "mean_difference" && k !== "sign");
  if (!Array.isArray(means) || !Array.isArray(signs) || axes.length !== 2) return [];
  const xs = n[axes[0]!] as number[];
  const ys = n[axes[1]!] as number[];
  const lines = [
    `\`${c.id}\` cell by cell: the mean difference${c.unit ? ` [${cell(c.unit)}]` : ""}, marked + or - where its 95% confidence interval excludes 0 and it reaches the least effect, ~ where it is unclear.`,
    "",
    `| ${cell(axes[0]!)} \\ ${cell(axes[1]!)} | ${ys.map((y) => fmt(y)).join(" | ")} |`,
    `| --- |${ys.map(() => " --- |").join("")}`,
  ];
  xs.forEach((x, i) => {
    const row = ys.map((_, j) => {
      const m = (means[i] as (number | null)[])[j];
      const s = (signs[i] as (number | null)[])[j];
      return `${m === null || m === undefined ? "n/a" : fmt(m)} ${SIGN_MARK[String(s)] ?? "~"}`;
    });
    lines.push(`| ${fmt(x)} | ${row.join(" | ")} |`);
  });
  lines.push("");
  return lines;
}

/** Designs and measures of every check, for the record. */
function designs(e: Evaluation): string[] {
  const lines = ["| check | design | measure | source |", "| --- | --- | --- | --- |"];
  for (const c of e.checks) lines.push(`| \`${c.id}\` | ${cell(c.design)} | ${cell(c.measure)}${c.unit ? ` [${cell(c.unit)}]` : ""} | ${cell(c.source)} |`);
  return [...lines, ""];
}

export interface DocumentMeta {
  /** sha256 of evaluation.json. */
  digest: string;
  /** The command that made it. */
  command: string;
}

/** The TRACE document. */
export function evaluationMarkdown(e: Evaluation, meta: DocumentMeta): string {
  const s = e.summary;
  const fam = (id: Family) => {
    const b = s.by_family[id]!;
    return `${b.pass} pass, ${b.fail} fail${b.not_applicable > 0 ? `, ${b.not_applicable} not applicable` : ""}`;
  };
  const lines = [
    `${DOC_TITLE}: ${e.title}`,
    "",
    ...(e.scenario === "baseline"
      ? [
          `Generated by \`${meta.command}\`; do not edit it by hand. The baseline's copy,`,
          "docs/evaluation.md, is regenerated with `npm run evaluation`: a test fails when the model's",
          "results change and it was not.",
        ]
      : [`Generated by \`${meta.command}\`; do not edit it by hand.`]),
    "",
    `- scenario: \`${e.scenario}\`; model version ${e.model_version}; ${e.seeds} seeds (master seed ${e.seed})`,
    ...(e.roles !== undefined ? [`- roles: the checks' ${Object.entries(e.roles).map(([r, c]) => `${r} is ${c}`).join(", ")} (their claims still name the suite's countries)`] : []),
    `- results digest (sha256 of evaluation.json): \`${meta.digest}\``,
    `- **${s.pass} of ${s.checks} checks pass**, ${s.fail} fail, ${s.not_applicable} ${s.not_applicable === 1 ? "does" : "do"} not apply`,
    ...FAMILIES.map((f) => `  - ${f.title}: ${fam(f.id)}`),
    "",
    "The document follows TRACE (Grimm et al. 2014, *Ecological Modelling* 280: 129-139): each",
    "section says what was evaluated and how, and gives the measured results. Failing checks stay",
    "in it, each with what would fix it; `airace evaluate` reruns every number here.",
    "",
    "## 1. Problem formulation",
    "",
    "airace asks what happens to the race between countries and firms for AI capability when",
    "policies change: export controls, a Taiwan supply disruption, an open-source push, talent and",
    "regulatory levers. Its users are strategists comparing scenarios, academics running sweeps",
    "and sensitivity analyses, and instructors showing that the race has no finish line. The",
    "patterns the model must be able to reproduce are the source essay's claims C1-C13 (listed",
    "with their mechanisms in docs/model.md, section 1) and the trends and levels of",
    "docs/calibration.md. The model is meant to explore mechanisms and their sensitivities, not",
    "to forecast; the checks below say how far each mechanism can be trusted.",
    "",
    "## 2. Model description",
    "",
    `The model is described in docs/model.md following the ODD protocol (purpose, entities,`,
    `schedule, design concepts, initialisation, input data, submodels with their equations),`,
    `with a parameter catalogue giving the unit, range and source of every parameter. This`,
    `evaluation is of model version ${e.model_version}.`,
    "",
    "## 3. Data evaluation",
    "",
    "The scenario's numbers come from docs/calibration.md (each row with its confidence and",
    "source), from citations in the scenario's `sources`, or are labelled `assumption` with a",
    "reason; `airace validate` refuses a number without a unit and a source. Rows used as",
    "initial conditions (compute shares, private investment, chip specifications, fab",
    "capacities, talent origins) are inputs; the trends and levels are targets, checked in",
    "section 6 (for scenarios of the real world: a fictional one has no such targets). Rows the",
    "model cannot produce yet: the US-China benchmark gap (no benchmark",
    "scores), notable models per country (no model counts) and the share of foundry revenue",
    "(no foundry revenue).",
    "",
    "## 4. Conceptual model evaluation",
    "",
    "Each of the essay's claims is a mechanism with parameters, tested as a paired comparison",
    "(the same seeds with and without the change) in the direction the claim states and at the",
    "dates where it bites. A check fails if the effect goes the other way, if its 95% confidence",
    "interval includes zero, or if it is smaller than the stated least effect. Claims about one",
    "scenario (C1's lead at the start, C5's growth to the end) are bands every seed must fall in;",
    "C8's \"the long run depends on parameters\" is a grid whose effect must change sign. C12 asks",
    "that concentration be reported: `compute_hhi` and `firm_hhi` are recorded every quarter, and",
    "there is no effect to test. A check marked *(a starting value)* reads the scenario's inputs",
    "at the start, not what the model makes of them.",
    "",
    ...familyTable(e, "claim"),
    "Gaps can be read three ways: in orders of magnitude (OOM) of effective compute, as the ratio",
    "of effective compute (10^gap, so it moves with the OOM reading), or in months behind (how",
    "long ago the frontier was where the country is now). Months stretch when the frontier slows,",
    "so a gap that narrows in OOM can widen in months; each check below says whether the OOM and",
    "the months readings move the same way between the two dates (both widen, both narrow, or",
    "both hold within their 95% confidence intervals).",
    "",
    ...familyTable(e, "gap"),
    "## 5. Implementation verification",
    "",
    "The code is verified by the test suite (`npm test`): unit tests of every submodel's",
    "equations, property-based tests (determinism, bounds, conservation, idempotent",
    "normalisation), non-regression snapshots of fixed-seed runs, and end-to-end tests of the",
    "built command line. Every run is a pure function of scenario, seed and version, with",
    "byte-identical output across Node versions and thread counts. The checks here test",
    "invariances a correct implementation of a sound model must have: results must not depend on",
    "how a file is written (names, order, how a country's labs are split or merged) beyond the",
    "scale effect docs/model.md states, and outcomes must move continuously with every openness",
    "and policy lever.",
    "",
    ...familyTable(e, "invariance"),
    "## 6. Model output verification",
    "",
    "The scenario's outputs against the trends and levels of docs/calibration.md, over the",
    "seeds: a check passes when at least 80% of the seeds fall in the target band (90% for the",
    "levels, 100% where it says so). Trends are measured over the first years of the run, where the sources measured",
    "them. Checks marked *(a starting value)* test the scenario's inputs: they say whether it",
    "starts where the world was, not whether the model reproduces anything.",
    "",
    ...familyTable(e, "calibration"),
    "## 7. Model analysis",
    "",
    "Ablations: each mechanism switched off (`mechanisms:` in a scenario) must move the outcomes",
    "docs/model.md names, in the stated direction, with a 95% confidence interval that excludes",
    "zero and an effect above the stated least size: an inert mechanism fails. The sensitivity of",
    "the claims to their parameters is in the claims' grids (section 4, C8) and in",
    "`airace sweep` experiments (docs/experiments.md).",
    "",
    ...familyTable(e, "ablation"),
    "## 8. Model output corroboration",
    "",
    "Outputs that were not calibration targets, against independent public figures.",
    "",
    ...familyTable(e, "corroboration"),
    "## Appendix: designs and measures",
    "",
    ...designs(e),
  ];
  return lines.join("\n");
}

/** The summary lines printed by `airace evaluate`. */
export function summaryLines(e: Evaluation): string[] {
  const s = e.summary;
  const out = [`${s.pass} of ${s.checks} checks pass, ${s.fail} fail, ${s.not_applicable} not applicable`];
  for (const f of FAMILIES) {
    const b = s.by_family[f.id]!;
    if (b.pass + b.fail + b.not_applicable === 0) continue;
    out.push(`  ${f.title.padEnd(36)} ${String(b.pass).padStart(3)} pass ${String(b.fail).padStart(3)} fail${b.not_applicable > 0 ? ` ${b.not_applicable} n/a` : ""}`);
  }
  const failing = e.checks.filter((c) => c.verdict === "fail");
  if (failing.length > 0) {
    out.push("", "failing:");
    for (const c of failing.slice(0, 12)) out.push(`  ${c.id}: ${c.reason}`);
    if (failing.length > 12) out.push(`  ... and ${failing.length - 12} more (evaluation.md lists them all)`);
  }
  return out;
}

export { fmt };
