/** The built `airace` binary, used as a new user would. */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileHost } from "../../src/io/host.js";
import { computeRun } from "../../src/io/results.js";
import { loadScenario } from "../../src/scenario/load.js";
import { ROOT } from "../helpers/scenarios.js";
import { airace, BIN, tempDir } from "./cli.js";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const DATA = ["timeseries.csv", "summary.json", "scenario.resolved.yaml"];

/** What a manifest must say of airace's checkout, asked of git the long way: HEAD, -dirty with local changes, null outside git. */
function checkoutCommit(): string | null {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    const head = git("rev-parse", "HEAD");
    return git("status", "--porcelain", "--untracked-files=no") === "" ? head : `${head}-dirty`;
  } catch {
    return null;
  }
}

describe("airace CLI", () => {
  it("prints its version and help with examples", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const v = airace(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = airace(["--help"]);
    expect(h.code).toBe(0);
    for (const cmd of ["run", "validate", "list", "schema", "verify"]) expect(h.stdout).toContain(cmd);
    expect(h.stdout).toContain("Examples:");
    const r = airace(["run", "--help"]);
    expect(r.stdout).toContain("--set <path=value>");
    expect(r.stdout).toContain("airace run baseline --seed 42");
  });

  it("says in the help of report, validate and list all that they take", () => {
    const report = airace(["report", "--help"]).stdout;
    expect(report).toMatch(/of a run, a\s+sweep, a comparison or an evaluation/);
    expect(report).toMatch(/a folder written by airace run, sweep, merge, compare or\s+evaluate/);
    expect(report).toMatch(/a comparison {2}a summary in words, the outcomes ranked by standardised effect/);
    expect(report).toMatch(/A plan's folder \(airace plan\) holds no results until airace merge/);
    const validate = airace(["validate", "--help"]).stdout;
    expect(validate).toMatch(/check scenario and experiment files without running them/);
    expect(validate).toMatch(/scenario or experiment files \(\.yaml, \.json\), or names from\s+the libraries/);
    const list = airace(["list", "--help"]).stdout;
    expect(list).toMatch(/list the scenarios and the experiments that come with airace/);
    // and each does what its help says
    expect(airace(["list"]).stdout).toMatch(/\nExperiments \(scenarios\/experiments\/\):\nc8-long-run /);
    expect(airace(["validate", "baseline", "lhs-export-controls"]).stdout).toMatch(/^ok {2}baseline .*\nok {2}lhs-export-controls {2}\(experiment /);
  });

  it("runs the baseline, prints a summary and writes reproducible, hashed results", () => {
    const cwd = tempDir();
    const r = airace(["run", "baseline", "--seed", "42"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Baseline: the AI race from mid-2025");
    expect(r.stdout).toMatch(/Leader at the end: [A-Z]+, ahead by [0-9.]+ months/);
    expect(r.stdout).toMatch(/Milestones/);
    const m = /Output: (results\/baseline\/42-[0-9a-f]{8})\//.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const dir = join(cwd, m![1]!);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", ...DATA].sort());
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.status).toBe("complete");
    expect(manifest.seed.master).toBe(42);
    expect(manifest.seed.streams.map((s: { label: string }) => s.label)).toContain("research:OpenAI");
    expect(manifest.environment.node).toBe(process.version);
    expect(manifest.tool.commit).toBe(checkoutCommit());
    for (const f of DATA) expect(manifest.files[f].sha256).toBe(sha(join(dir, f)));
    expect(manifest.scenario.sha256).toBe(sha(join(dir, "scenario.resolved.yaml")));
    const csv = readFileSync(join(dir, "timeseries.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("step,date,entity_kind,entity,metric,value");
    expect(csv[1]).toMatch(/^0,2025Q3,global,world,frontier_capability,[0-9.]+$/);
    // dates and times live only in the manifest
    for (const f of DATA) expect(readFileSync(join(dir, f), "utf8")).not.toMatch(/20\d\d-\d\d-\d\dT/);

    // the built tool reads the library's scenarios from their stored parses (dist/scenario-store),
    // the tests' in-process runs parse them: the same files either way
    expect(existsSync(join(ROOT, "dist", "scenario-store", `${sha(join(ROOT, "scenarios", "baseline.yaml"))}.json`))).toBe(true);
    const loaded = loadScenario(new FileHost(), "baseline");
    if (!loaded.ok) throw new Error("the baseline does not load");
    const inProcess = computeRun(loaded.value, 42).files;
    for (const f of DATA) expect(readFileSync(join(dir, f), "utf8"), f).toBe(inProcess.get(f));

    // the same seed again, elsewhere: byte-identical data files
    const again = airace(["run", "baseline", "--seed", "42", "--out", "second", "--quiet"], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe("");
    for (const f of DATA) expect(sha(join(cwd, "second", f))).toBe(sha(join(dir, f)));

    // verify confirms, and catches a tampered file
    const ok = airace(["verify", m![1]!], cwd);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("verified");
    writeFileSync(join(cwd, "second", "timeseries.csv"), readFileSync(join(cwd, "second", "timeseries.csv"), "utf8").replace("0,2025Q3", "0,2025Q4"));
    const bad = airace(["verify", "second"], cwd);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/DIFFERS\s+timeseries.csv/);

    // an existing results folder is never overwritten without --force
    const exists = airace(["run", "baseline", "--seed", "42"], cwd);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain("already exists; use --force");
    const forced = airace(["run", "baseline", "--seed", "42", "--force", "--quiet"], cwd);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(join(cwd, "results", "baseline"))).toHaveLength(1);
  });

  it("different seeds give different results; --set changes the run and is recorded", () => {
    const cwd = tempDir();
    expect(airace(["run", "baseline", "--seed", "1", "--out", "a", "-q"], cwd).code).toBe(0);
    expect(airace(["run", "baseline", "--seed", "2", "--out", "b", "-q"], cwd).code).toBe(0);
    expect(sha(join(cwd, "a", "timeseries.csv"))).not.toBe(sha(join(cwd, "b", "timeseries.csv")));
    const s = airace(["run", "baseline", "--seed", "1", "--out", "c", "-q", "--set", "countries.CN.policy.fabSubsidy=0.5"], cwd);
    expect(s.code, s.stderr).toBe(0);
    expect(sha(join(cwd, "c", "timeseries.csv"))).not.toBe(sha(join(cwd, "a", "timeseries.csv")));
    expect(readFileSync(join(cwd, "c", "scenario.resolved.yaml"), "utf8")).toMatch(/fabSubsidy: 0.5/);
    expect(JSON.parse(readFileSync(join(cwd, "c", "manifest.json"), "utf8")).scenario.sets).toEqual(["countries.CN.policy.fabSubsidy=0.5"]);
    expect(airace(["verify", "c"], cwd).code).toBe(0);
  });

  it("uses the scenario's seed, or generates and prints one", () => {
    const cwd = tempDir();
    const withSeed = airace(["run", "baseline", "--out", "s"], cwd);
    expect(withSeed.code, withSeed.stderr).toBe(0);
    expect(withSeed.stdout).toContain("seed 20250701");
    const tiny = join(ROOT, "test", "fixtures", "valid", "three-countries.yaml");
    const gen = airace(["run", tiny, "--out", "g"], cwd);
    expect(gen.code, gen.stderr).toBe(0);
    const seed = /No seed given: using (\d+)/.exec(gen.stdout)?.[1];
    expect(seed).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(cwd, "g", "manifest.json"), "utf8"));
    expect(manifest.seed).toMatchObject({ master: Number(seed), source: "generated" });
  });

  it("never lets --force delete what is not a results folder", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "precious", "sub"), { recursive: true });
    writeFileSync(join(cwd, "precious", "sub", "data.txt"), "keep me");
    const r = airace(["run", "baseline", "--seed", "1", "--out", "precious", "--force"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not an airace results folder");
    expect(readFileSync(join(cwd, "precious", "sub", "data.txt"), "utf8")).toBe("keep me");
    writeFileSync(join(cwd, "afile"), "x");
    const f = airace(["run", "baseline", "--seed", "1", "--out", "afile/sub"], cwd);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/afile is a file, not a folder, so afile\/sub cannot be made/);
    const dot = airace(["run", "baseline", "--seed", "1", "--out", ".", "--force"], cwd);
    expect(dot.code).toBe(2);
    expect(dot.stderr).toContain("contains the current folder");
    expect(readdirSync(cwd).sort()).toEqual(["afile", "precious"]);
  });

  it("stops on Ctrl-C without writing anything", async () => {
    const cwd = tempDir();
    const tiny = readFileSync(join(ROOT, "test", "fixtures", "valid", "three-countries.yaml"), "utf8");
    // long enough (seconds) that the interrupt always arrives before the end, and short enough
    // for its timeseries.csv to fit in one file (about 470 MB, under 536); the handler is
    // installed before anything loads, so an interrupt during start-up is handled too
    const labs = Array.from({ length: 990 }, (_, i) => `  - { id: L${i}, name: L${i}, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 1, open: 0, compute: 1 }, initial: { budget: 1, compute: 1, knowledge: 0 } }`);
    writeFileSync(join(cwd, "long.yaml"), tiny.replace("end: 2032Q4", "end: 2150Q4") + labs.join("\n") + "\n");
    // A signal that arrives while Node itself is still booting (before any of our code runs)
    // kills the process with the default action; that is outside the tool, so such an attempt
    // (exit code null) is retried a little later. Any other outcome is judged.
    let code: number | null = null;
    let stderr = "";
    for (const delay of [300, 700, 1500]) {
      const child = spawn(process.execPath, [BIN, "run", "long.yaml", "--seed", "1", "--out", "long"], { cwd });
      stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGINT");
      code = await new Promise<number | null>((r) => child.on("close", r));
      if (code !== null) break;
    }
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^interrupted (at \d{4}Q\d|before the run started); nothing was written\.$/m);
    expect(readdirSync(cwd)).toEqual(["long.yaml"]);
  });

  it("prints a generated seed even with --quiet, on stderr", () => {
    const cwd = tempDir();
    const r = airace(["run", join(ROOT, "test", "fixtures", "valid", "three-countries.yaml"), "--out", "q", "-q"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^No seed given: using \d+/);
  });

  it("reports bad flags and overrides with exit code 2 and no results folder", () => {
    const cwd = tempDir();
    const cases: [string[], RegExp][] = [
      [["run", "baseline", "--seed", "abc"], /--seed: expected a whole number/],
      [["run", "baseline", "--seed", "99999999999999999"], /--seed: expected a whole number/],
      [["run", "baseline", "--set", "countries.CN.policy.fabSubsidy=2"], /^--set:1:32 countries.CN.policy.fabSubsidy: must be at most 0.95/m],
      [["run", "baseline", "--set", "model.leakRat=1"], /^--set:1:7 model.leakRat: unknown key "leakRat" \(did you mean "leakRate"\?\)/m],
      [["run", "nosuchscenario"], /no scenario named "nosuchscenario"/],
      [["run", "missing.yaml"], /file not found: missing.yaml/],
      [["run", "baseline", "--bogus"], /unknown option '--bogus'/],
      [["frobnicate"], /unknown command 'frobnicate'/],
    ];
    for (const [args, pattern] of cases) {
      const r = airace(args, cwd);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("reports a run that fails at run time with exit code 3, naming the event and step", () => {
    const cwd = tempDir();
    const file = join(cwd, "push.yaml");
    writeFileSync(
      file,
      `extends: ${join(ROOT, "test", "fixtures", "valid", "three-countries.yaml")}
name: push
title: A subsidy pushed past its range
description: An event adds to a subsidy every quarter until it would exceed its range.
events:
  - id: Push
    title: push
    when: "year > 2030"
    repeat: every
    actions: [{ target: countries.Borealis.policy.fabSubsidy, add: 0.3 }]
`,
    );
    // extends outside the scenario's folder is refused ...
    const refused = airace(["run", file], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("leaves the allowed folders");
    // ... so extend a copy beside it
    writeFileSync(join(cwd, "three.yaml"), readFileSync(join(ROOT, "test", "fixtures", "valid", "three-countries.yaml")));
    writeFileSync(file, readFileSync(file, "utf8").replace(/^extends: .*$/m, "extends: three.yaml"));
    const r = airace(["run", file, "--seed", "3"], cwd);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/run failed at 2031Q1 \(step 4\): event Push would set countries.Borealis.policy.fabSubsidy from 0.8 to 1.1/);
    expect(r.stderr).toContain("seed 3");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, "results"))).toBe(false);
  });

  it("runs the scenario example in the README", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("extends: baseline");
    const cwd = tempDir();
    writeFileSync(join(cwd, "cn-fab-push.yaml"), example!);
    writeFileSync(join(cwd, "scenario.schema.json"), airace(["schema"]).stdout);
    const r = airace(["run", "cn-fab-push.yaml", "--seed", "1"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2027Q1 {2}China subsidises a third of the price of domestic chips: countries.CN.policy.fabSubsidy 0.100 -> 0.330/);
    // the milestone is reported, reached (with its date) or not (in the model's current version,
    // China reaches the US's capability in 2039 with the push, in seed 1)
    expect(r.stdout).toMatch(/(\n {2}\d{4}Q\d {2}China reaches the US frontier \(frontier then: |Milestones not reached by the end:\n {2}China reaches the US frontier)/);
  });

  it("compares the baseline with its calibration targets, row by row", () => {
    const r = airace(["calibration"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}ok compute-share +US's share of AI compute at the start +75\.0\d +70-80 %/m);
    expect(r.stdout).toMatch(/^ {2}ok inference-price-decline +price decline at the start's frontier capability +\d+\.\d\d +10-40 x\/yr/m);
    expect(r.stdout).toMatch(/^ {2}ok open-closed-lag +.* +\d\.\d\d +1-6 months/m);
    // levels at the dates their sources give, beside the trends
    expect(r.stdout).toMatch(/^( OFF| {2}ok) world-compute-stock +world AI compute, 2025Q3 +\d+\.\d\d +6-12 M H100e/m);
    expect(r.stdout).toMatch(/^( OFF| {2}ok) ai-power +power of the world's AI compute, 2025Q4 +\d+\.\d\d +15-35 GW/m);
    expect(r.stdout).toMatch(/^( OFF| {2}ok) china-ai-capex +compute spending of CN, 2025Q4 +\d+\.\d\d +25-60 USD bn\/yr/m);
    expect(r.stdout).toMatch(/^( OFF| {2}ok) china-chip-smuggling +smuggled share of the compute CN buys, 2025Q4 +\d+\.\d\d +1-40 %/m);
    expect(r.stdout).toMatch(/\d+ of 23 rows within target, \d+ off target, 0 not applicable to this scenario\./);
    // a run that ends before a level's date says so instead of giving a number
    const short = airace(["calibration", "baseline", "--set", "end=2026Q4", "--years", "1"]);
    expect(short.code, short.stderr).toBe(0);
    expect(short.stdout).toMatch(/^ {2}- +world-compute-stock +world AI compute, 2027Q4 +n\/a +50-150 M H100e +\(the run covers 2025Q3 to 2026Q4\)/m);
    const bad = airace(["calibration", "baseline", "--leader", "XX"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('--leader XX: no country "XX" in baseline; its countries: US, CN, EU, TW, JPKR, ROW\n');
  });

  it("calibrates a world without the US and China on its own leading countries, saying which", () => {
    const r = airace(["calibration", "classroom"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[1]).toBe("classroom has no US or CN: the leader is Arcadia and the follower Borealis, by capability at the start; --leader and --follower choose others.");
    expect(r.stdout).toMatch(/^ +(ok|OFF) china-us-lag +months Borealis trails Arcadia, mean /m);
    const chosen = airace(["calibration", "classroom", "--leader", "Arcadia", "--follower", "Cascadia"]);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout.split("\n")[1]).toBe("");
    expect(chosen.stdout).toMatch(/months Cascadia trails Arcadia, mean/);
    // what the user gave is what the message speaks of
    const cases: [string[], string][] = [
      [["--leader", "US"], '--leader US: no country "US" in classroom; its countries: Arcadia, Borealis, Cascadia\n'],
      [["--follower", "Arcadia", "--leader", "Arcadia"], "--leader and --follower name the same country (Arcadia): the follower's lag is measured behind the leader\n"],
    ];
    for (const [args, message] of cases) {
      const x = airace(["calibration", "classroom", ...args]);
      expect(x.code, args.join(" ")).toBe(2);
      expect(x.stderr).toBe(message);
    }
  });

  it("validates, lists the library and prints the JSON Schema that is committed", () => {
    const v = airace(["validate", ...readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml")).map((f) => join("scenarios", f))]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^ok {2}scenarios\/baseline.yaml/m);
    const l = airace(["list"]);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^baseline\s+Baseline: the AI race from mid-2025/m);
    const s = airace(["schema"]);
    expect(s.code).toBe(0);
    const schema = JSON.parse(s.stdout);
    expect(schema.definitions.scenario.properties.countries).toBeDefined();
    expect(s.stdout).toBe(readFileSync(join(ROOT, "schema", "scenario.schema.json"), "utf8"));
    const e = airace(["schema", "--experiment"]);
    expect(JSON.parse(e.stdout).properties.uncertainties).toBeDefined();
    expect(e.stdout).toBe(readFileSync(join(ROOT, "schema", "experiment.schema.json"), "utf8"));
  });
});
