/** `airace evaluate` as a user runs it: the files it writes, byte-identity across threads, bad input. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluationJson } from "../../src/evaluation/document.js";
import { evaluateInProcess } from "../../src/evaluation/evaluate.js";
import { loadEvaluation } from "../../src/io/experiment-host.js";
import { airace, tempDir } from "./cli.js";
import { ROOT } from "../helpers/scenarios.js";

describe("airace evaluate", () => {
  const cwd = tempDir();

  it("writes evaluation.json and a TRACE document, the same for one thread and two, and the same as in-process", () => {
    const one = airace(["evaluate", "baseline", "--seeds", "3", "--seed", "5", "--workers", "1", "--out", "one"], cwd);
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/checks pass/);
    expect(one.stdout).toMatch(/Calibration: levels and trends/);
    const two = airace(["evaluate", "baseline", "--seeds", "3", "--seed", "5", "--workers", "2", "--out", "two", "--doc", "doc.md", "--quiet"], cwd);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe("");
    const json = readFileSync(join(cwd, "one", "evaluation.json"), "utf8");
    expect(readFileSync(join(cwd, "two", "evaluation.json"), "utf8")).toBe(json);
    const doc = readFileSync(join(cwd, "one", "evaluation.md"), "utf8");
    expect(readFileSync(join(cwd, "doc.md"), "utf8")).toBe(doc);
    for (const heading of ["Problem formulation", "Model description", "Data evaluation", "Conceptual model evaluation", "Implementation verification", "Model output verification", "Model analysis", "Model output corroboration"]) {
      expect(doc).toContain(heading);
    }
    const parsed = JSON.parse(json) as { seeds: number; checks: { id: string; verdict: string; family: string }[] };
    expect(parsed.seeds).toBe(3);
    expect(new Set(parsed.checks.map((c) => c.family)).size).toBe(6);
    const loaded = loadEvaluation("baseline", { seeds: 3, seed: 5 });
    if (!loaded.ok) throw new Error("baseline does not load");
    expect(evaluationJson(evaluateInProcess(loaded.value.evaluation))).toBe(json);
  }, 300_000);

  it("lists what a scenario cannot express as not applicable instead of failing", () => {
    const r = airace(["evaluate", "classroom", "--seeds", "2", "--out", "classroom", "--quiet"], cwd);
    expect(r.code).toBe(0);
    const e = JSON.parse(readFileSync(join(cwd, "classroom", "evaluation.json"), "utf8")) as { checks: { verdict: string; reason: string }[] };
    const na = e.checks.filter((c) => c.verdict === "n/a");
    expect(na.length).toBeGreaterThan(0);
    for (const c of na) expect(c.reason.length).toBeGreaterThan(5);
  }, 300_000);

  it("says n/a, not fail, where the scenario already makes a variant's changes, and for real-world targets in a fictional world", () => {
    const r = airace(["evaluate", "export-controls-tightened", "--seeds", "2", "--out", "tightened", "--quiet"], cwd);
    expect(r.code).toBe(0);
    const e = JSON.parse(readFileSync(join(cwd, "tightened", "evaluation.json"), "utf8")) as { checks: { id: string; verdict: string; reason: string }[] };
    const c8 = e.checks.find((c) => c.id === "C8-controls-cut-compute")!;
    expect(c8.verdict).toBe("n/a");
    expect(c8.reason).toMatch(/same scenario here/);
    const classroom = JSON.parse(readFileSync(join(cwd, "classroom", "evaluation.json"), "utf8")) as { checks: { family: string; verdict: string }[] };
    for (const c of classroom.checks.filter((x) => x.family === "calibration" || x.family === "corroboration")) expect(c.verdict).toBe("n/a");
  }, 300_000);

  it("reads an invented world in the suite's roles (--as): its invariances and mechanisms are checked, real-world targets stay n/a", () => {
    const world = join(ROOT, "test", "fixtures", "valid", "invented-world.yaml");
    type E = { roles?: Record<string, string>; checks: { id: string; family: string; verdict: string; reason: string }[] };
    const read = (dir: string) => JSON.parse(readFileSync(join(cwd, dir, "evaluation.json"), "utf8")) as E;
    const r = airace(["evaluate", world, "--as", "US=Arcadia,CN=Borealis,EU=Cascadia", "--seeds", "3", "--out", "roles", "--quiet"], cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const e = read("roles");
    expect(e.roles).toEqual({ US: "Arcadia", CN: "Borealis", EU: "Cascadia" });
    const verdict = (x: E, id: string) => x.checks.find((c) => c.id === id)!;
    // the split, the merges, renaming and reordering are evaluated, whatever they find
    for (const id of ["split-lab-compute-2030", "merge-labs-compute-2030", "merge-us-labs-budget-2040", "split-lab-capability-2040", "rename-invariance", "reorder-invariance", "continuity-eu-regulation"]) {
      expect(verdict(e, id).verdict, id).not.toBe("n/a");
    }
    // a mechanism read in roles: Arcadia's power limit binds, so relaxing it gives Arcadia more compute
    expect(verdict(e, "ablation-power-limit-compute-US").verdict).toBe("pass");
    for (const c of e.checks.filter((x) => x.family === "calibration" || x.family === "corroboration")) expect(c.verdict).toBe("n/a");
    expect(readFileSync(join(cwd, "roles", "evaluation.md"), "utf8")).toMatch(/roles: the checks' US is Arcadia, CN is Borealis, EU is Cascadia/);
    // without roles the same world has no EU to split a lab in, and no US whose power to relax
    const plain = airace(["evaluate", world, "--seeds", "2", "--out", "no-roles"], cwd);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/none of the countries the checks name .*--as US=Arcadia,\.\.\. reads it in their roles/);
    expect(r.stdout).not.toMatch(/none of the countries the checks name/);
    const p = read("no-roles");
    expect(p.roles).toBeUndefined();
    expect(verdict(p, "split-lab-compute-2030").verdict).toBe("n/a");
    expect(verdict(p, "ablation-power-limit-compute-US").verdict).toBe("n/a");
  }, 300_000);

  it("writes --doc into a new folder, replaces only an evaluation document and only with --force", () => {
    writeFileSync(join(cwd, "notes.md"), "my notes\n");
    const refused = airace(["evaluate", "--seeds", "2", "--out", "doc1", "--doc", "notes.md", "--force"], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not an evaluation document/);
    expect(readFileSync(join(cwd, "notes.md"), "utf8")).toBe("my notes\n");
    expect(existsSync(join(cwd, "doc1"))).toBe(false);
    const made = airace(["evaluate", "--seeds", "2", "--out", "doc2", "--doc", "new/folder/e.md", "--quiet"], cwd);
    expect(made.code).toBe(0);
    expect(readFileSync(join(cwd, "new", "folder", "e.md"), "utf8")).toMatch(/^# Model evaluation \(TRACE\)/);
    const again = airace(["evaluate", "--seeds", "2", "--out", "doc3", "--doc", "new/folder/e.md"], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; add --force/);
    const verify = airace(["verify", "doc2"], cwd);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/is an evaluation folder.*\n.*airace evaluate baseline --seeds 2/);
  }, 300_000);

  it("refuses bad input with exit code 2 and writes nothing", () => {
    for (const args of [
      ["evaluate", "baseline", "--seeds", "1", "--out", "bad1"],
      ["evaluate", "baseline", "--seeds", "many", "--out", "bad2"],
      ["evaluate", "no-such-scenario", "--out", "bad3"],
      ["evaluate", "baseline", "--seeds", "2", "--out", "bad4", "--doc", "/proc/evaluation.md"],
      ["evaluate", "classroom", "--seeds", "2", "--as", "US", "--out", "bad5"],
      ["evaluate", "classroom", "--seeds", "2", "--as", "XX=Arcadia", "--out", "bad6"],
      ["evaluate", "classroom", "--seeds", "2", "--as", "US=Nowhere", "--out", "bad7"],
      ["evaluate", "classroom", "--seeds", "2", "--as", "US=Arcadia,CN=Arcadia", "--out", "bad8"],
      ["evaluate", "baseline", "--seeds", "2", "--as", "US=CN", "--out", "bad9"],
    ]) {
      const r = airace(args, cwd);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(existsSync(join(cwd, args.at(-1)!.startsWith("/") ? "bad4" : args.at(-1)!))).toBe(false);
    }
  });
});
