/**
 * The evaluation suite on the baseline, as docs/evaluation.md reports it (30 seeds, computed
 * here in one thread, about 20 s):
 * - the document is current: its results digest is the digest of this evaluation;
 * - the ratchet: every check listed in passing-checks.json passes, and a check that starts
 *   passing must be added to the list (so the list only grows, and says what the model earns).
 * Every check is two-sided (docs/evaluation.md): a claim's effect in the wrong direction, or no
 * effect, fails it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Evaluation } from "../../src/evaluation/document.js";
import { evaluationJson, evaluationMarkdown } from "../../src/evaluation/document.js";
import { evaluateCommandLine } from "../../src/cli/evaluate.js";
import { evaluateInProcess } from "../../src/evaluation/evaluate.js";
import { loadEvaluation, sha256 } from "../../src/io/experiment-host.js";
import { ROOT } from "../helpers/scenarios.js";

const DOC = join(ROOT, "docs", "evaluation.md");
const RATCHET = join(import.meta.dirname, "passing-checks.json");

let evaluation: Evaluation;
beforeAll(() => {
  const loaded = loadEvaluation("baseline", { seeds: 30 });
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  evaluation = evaluateInProcess(loaded.value.evaluation);
}, 600_000);

describe("the evaluation suite on the baseline (30 seeds)", () => {
  it("docs/evaluation.md is current: regenerate it with `npm run evaluation` when the model's results change", () => {
    const doc = readFileSync(DOC, "utf8");
    const recorded = /results digest \(sha256 of evaluation.json\): `([0-9a-f]{64})`/.exec(doc)?.[1];
    expect(recorded, "docs/evaluation.md has no results digest").toBeDefined();
    const digest = sha256(evaluationJson(evaluation));
    expect(digest, "the model's results changed: run `npm run evaluation` and commit docs/evaluation.md").toBe(recorded);
    // and nothing in it was edited by hand
    expect(doc).toBe(evaluationMarkdown(evaluation, { digest, command: evaluateCommandLine("baseline", 30, undefined) }));
  });

  it("every check in passing-checks.json passes (the ratchet)", () => {
    const passing = (JSON.parse(readFileSync(RATCHET, "utf8")) as { passing: string[] }).passing;
    const byId = new Map(evaluation.checks.map((c) => [c.id, c]));
    const lost = passing.filter((id) => byId.get(id)?.verdict !== "pass").map((id) => `${id}: ${byId.get(id)?.reason ?? "no such check"}`);
    expect(lost, "checks that passed before and fail now").toEqual([]);
  });

  it("every passing check is in passing-checks.json, so that the ratchet keeps it", () => {
    const passing = new Set((JSON.parse(readFileSync(RATCHET, "utf8")) as { passing: string[] }).passing);
    const gained = evaluation.checks.filter((c) => c.verdict === "pass" && !passing.has(c.id)).map((c) => c.id);
    expect(gained, "checks that now pass: add them to test/patterns/passing-checks.json").toEqual([]);
  });

  it("the README's count of passing checks is the evaluation's", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const m = /\*\*(\d+) of the (\d+) checks pass\*\*/.exec(readme);
    expect(m, "the README's 'How far to trust it' states how many checks pass").not.toBeNull();
    expect([Number(m![1]), Number(m![2])]).toEqual([evaluation.summary.pass, evaluation.summary.checks]);
  });

  it("shows a grid check cell by cell, with as many + and - marks as its verdict counts (C8)", () => {
    const c = evaluation.checks.find((x) => x.id === "C8-long-run-depends")!;
    const doc = evaluationMarkdown(evaluation, { digest: "x", command: "x" });
    const at = doc.indexOf("`C8-long-run-depends` cell by cell");
    expect(at).toBeGreaterThan(0);
    // the block: its sentence, a blank line, the table, a blank line
    const block = doc.slice(at).split("\n\n").slice(0, 2).join("\n");
    const rows = block.split("\n").filter((l) => /^\| -?\d[\d.e-]* \|/.test(l));
    const xs = c.numbers["semiconductors.inducedInvestment"] as number[];
    expect(rows).toHaveLength(xs.length);
    const marks = rows.flatMap((r) => r.split("|").slice(2, -1).map((cellText) => cellText.trim().slice(-1)));
    const [pos, neg] = /(\d+) cells positive, (\d+) negative/.exec(c.reason)!.slice(1).map(Number);
    expect(marks.filter((m) => m === "+")).toHaveLength(pos!);
    expect(marks.filter((m) => m === "-")).toHaveLength(neg!);
  });

  it("the suite covers every family, and every failing check says what would fix it", () => {
    expect(new Set(evaluation.checks.map((c) => c.family)).size).toBe(6);
    for (const c of evaluation.checks.filter((x) => x.verdict === "fail")) expect(c.fix, c.id).toBeTruthy();
  });
});
