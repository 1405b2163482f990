/**
 * Bad input and faults, through the built CLI as a user meets them: every command refuses an
 * output it cannot write (under a file, on /proc) with exit 2 and writes nothing, never a hang
 * or an internal error; an alias to no anchor, an invalid UTF-8 byte or a NUL is an error at
 * its position wherever text comes in; a megabyte key gets a short message quickly; an id
 * that is a fixed column is refused; a run too long for its timeseries.csv is refused as it
 * starts; a Ctrl-C pending when the work ends is obeyed.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { CliError, EXIT } from "../../src/cli/exit.js";
import { checkOutput } from "../../src/cli/load.js";
import { ROOT } from "../helpers/scenarios.js";
import { airace, tempDir } from "./cli.js";

const THREE = join(ROOT, "test", "fixtures", "valid", "three-countries.yaml");

function experimentFile(cwd: string, uncertaintyId = "leak", outcomeId = "cap"): string {
  const path = join(cwd, "exp.yaml");
  writeFileSync(
    path,
    `name: tiny
title: t
scenario: ${THREE}
seed: 1
replications: 2
uncertainties:
  - { id: ${uncertaintyId}, path: model.leakRate, distribution: uniform, min: 0.01, max: 0.3, unit: 1/yr, source: "assumption: test" }
design: { type: random, samples: 2 }
outcomes:
  - { id: ${outcomeId}, metric: frontier_capability, aggregate: final }
`,
  );
  return path;
}

function expectRefused(r: { code: number | null; stderr: string }, what: string, pattern: RegExp): void {
  expect(r.code, `${what}: ${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(pattern);
  expect(r.stderr, what).not.toMatch(/internal error|\n\s+at /);
}

describe("outputs that cannot be written", () => {
  // one folder with a run, a sweep and a plan to report on, discover in and merge, made once
  let cwd = "";
  let exp = "";
  let before: string[] = [];
  beforeAll(() => {
    cwd = tempDir();
    writeFileSync(join(cwd, "afile"), "not a folder\n");
    exp = experimentFile(cwd);
    const made = airace(["run", THREE, "--seed", "1", "--out", "r1", "--quiet"], cwd);
    expect(made.code, made.stderr).toBe(0);
    const sweep = airace(["sweep", exp, "--out", "s1", "--quiet"], cwd);
    expect(sweep.code, sweep.stderr).toBe(0);
    const plan = airace(["plan", exp, "--shards", "2", "--out", "p1"], cwd);
    expect(plan.code, plan.stderr).toBe(0);
    before = readdirSync(cwd).sort();
  });

  const OUTS: [string, RegExp][] = [
    ["afile/sub", /afile is a file, not a folder, so afile\/sub cannot be made/],
    ["afile", /afile exists and is a file, not a folder/],
    ["/proc/airace-test/out", /on the proc file system, which holds no files/],
    ["/proc/self/airace-test", /on the proc file system/],
  ];

  // every command checks its output with checkOutput before any work: each is started once with
  // one such output, and run with each of them (a process of its own, so that a hang, the
  // recursive mkdir loop under /proc, is a failure); the check itself, for every kind of output
  // and for files as well as folders, runs in-process
  it.each(OUTS)("every command that writes refuses --out %s before any work", (out, pattern) => {
    const commands: string[][] = [
      ["run", THREE, "--seed", "1", "--out", out],
      ["sweep", exp, "--out", out],
      ["compare", THREE, THREE, "--replications", "2", "--out", out],
      ["plan", exp, "--shards", "2", "--out", out],
      ["slurm", exp, "--shards", "2", "--out", out],
      ["merge", "p1", "--out", out],
      ["report", "r1", "--out", out],
    ];
    for (const args of out === OUTS[0]![0] ? commands : commands.slice(0, 1)) {
      // spawnSync's timeout turns a hang (the recursive mkdir loop under /proc) into a failure
      const r = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "main.js"), ...args], { cwd, encoding: "utf8", timeout: 60_000 });
      expectRefused({ code: r.status, stderr: r.stderr }, args.join(" "), pattern);
    }
    // discover writes a file: afile.csv beside afile would be a good place for it
    if (out === OUTS[0]![0]) {
      const discover = airace(["discover", "s1", "--where", "cap > 0", "--out", `${out}.csv`], cwd);
      expectRefused(discover, `discover --out ${out}.csv`, /afile is a file, not a folder, so afile\/sub\.csv cannot be made/);
    }
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it("the check every command makes refuses each of those outputs, for a folder and for a file", () => {
    for (const [out, given] of OUTS) {
      const target = out.startsWith("/") ? out : join(cwd, out);
      // the messages name the path as given: here, in full
      const pattern = new RegExp(given.source.replaceAll("afile", join(cwd, "afile").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      const problem = (file: boolean) => {
        try {
          checkOutput(target, file);
          return undefined;
        } catch (e) {
          expect(e).toBeInstanceOf(CliError);
          expect((e as CliError).code).toBe(EXIT.input);
          return (e as CliError).lines.join("\n");
        }
      };
      expect(problem(false), out).toMatch(pattern);
      // afile.csv beside afile would be a good place for a file
      if (out !== "afile") expect(problem(true), `${out} as a file`).toMatch(pattern);
    }
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it("an empty --out (an unset shell variable) is refused, not taken as the current folder", () => {
    for (const args of [["run", THREE, "--seed", "1"], ["sweep", exp], ["plan", exp, "--shards", "2"], ["report", "r1"], ["discover", "s1", "--where", "cap > 0"]]) {
      expectRefused(airace([...args, "--out", ""], cwd), `${args[0]} --out ''`, /--out is empty: give a (folder|file name)/);
    }
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it("a report never replaces a run's or a sweep's folder, even when --out names it", () => {
    for (const target of ["r1", "s1"]) {
      const files = readdirSync(join(cwd, target)).sort();
      expectRefused(airace(["report", "r1", "--out", target], cwd), `report --out ${target}`, new RegExp(`${target} exists and is not an airace report folder`));
      expect(readdirSync(join(cwd, target)).sort()).toEqual(files);
    }
    // nor results put inside a report folder, which a new report would take away with it
    expect(airace(["report", "r1", "--out", "rep"], cwd).code).toBe(0);
    expect(airace(["report", "r1", "--out", "rep"], cwd).code).toBe(0);
    expect(airace(["run", THREE, "--seed", "2", "--out", "rep/mine", "--quiet"], cwd).code).toBe(0);
    expectRefused(airace(["report", "r1", "--out", "rep"], cwd), "report over a report holding a run", /rep exists and is not an airace report folder \(or holds more than its report\)/);
    expect(readdirSync(join(cwd, "rep", "mine"))).toContain("timeseries.csv");
    rmSync(join(cwd, "rep"), { recursive: true });
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it("discover refuses an --out that is a folder, a pipe or a broken link", () => {
    const folder = airace(["discover", "s1", "--where", "cap > 0", "--out", "s1"], cwd);
    expectRefused(folder, "discover --out <folder>", /s1 is a folder; give a file name/);
    const fifo = spawnSync("mkfifo", [join(cwd, "pipe")]);
    expect(fifo.status).toBe(0);
    expectRefused(airace(["discover", "s1", "--where", "cap > 0", "--out", "pipe"], cwd), "discover --out <pipe>", /pipe exists and is not a regular file/);
    // a link to a device (/dev/stdout) is refused as the device is; one to a file would be replaced
    symlinkSync("/dev/null", join(cwd, "null"));
    expectRefused(airace(["discover", "s1", "--where", "cap > 0", "--out", "null"], cwd), "discover --out <link to a device>", /null exists and is not a regular file/);
    symlinkSync(join(cwd, "afile"), join(cwd, "link.csv"));
    expectRefused(airace(["discover", "s1", "--where", "cap > 0", "--out", "link.csv"], cwd), "discover --out <link>", /link\.csv is a symbolic link, which the file would replace/);
    expect(readFileSync(join(cwd, "afile"), "utf8")).toBe("not a folder\n");
    rmSync(join(cwd, "null"));
    rmSync(join(cwd, "link.csv"));
    symlinkSync(join(cwd, "nowhere", "x"), join(cwd, "dangling"));
    expectRefused(airace(["run", THREE, "--seed", "1", "--out", "dangling"], cwd), "run --out <broken link>", /dangling is a symbolic link to nothing/);
    rmSync(join(cwd, "pipe"));
    rmSync(join(cwd, "dangling"));
    expect(readdirSync(cwd).sort()).toEqual(before);
  });
});

describe("text that is not acceptable input", () => {
  it("an alias to no anchor is an error at its position in --set, experiment files and serve", () => {
    const cwd = tempDir();
    const set = airace(["run", THREE, "--set", "title=*nope"], cwd);
    expectRefused(set, "--set", /^--set:1:7 title: the alias \*nope refers to no anchor &nope defined before it$/m);
    writeFileSync(join(cwd, "exp.yaml"), "name: e\ntitle: t\nscenario: *nope\noutcomes: []\n");
    expectRefused(airace(["sweep", "exp.yaml"], cwd), "sweep", /exp\.yaml:3:11 scenario: the alias \*nope refers to no anchor/);
    expectRefused(airace(["validate", "exp.yaml"], cwd), "validate", /exp\.yaml:3:11 scenario: the alias \*nope/);
    writeFileSync(join(cwd, "s.yaml"), "extends: baseline\nname: x\ntitle: *nope\n");
    expectRefused(airace(["serve", "s.yaml", "--port", "0"], cwd), "serve", /s\.yaml:3:8 title: the alias \*nope/);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "s.yaml"]);
  });

  it("refuses an invalid UTF-8 byte even beside a real U+FFFD, and a NUL, at their positions", () => {
    const cwd = tempDir();
    const head = Buffer.from(`extends: baseline\nname: x\ntitle: "a \uFFFD b `, "utf8");
    writeFileSync(join(cwd, "latin1.yaml"), Buffer.concat([head, Buffer.from([0xe9, 0x22, 0x0a])]));
    writeFileSync(join(cwd, "nul.yaml"), `extends: baseline\nname: x\ntitle: "a\u0000b"\n`);
    writeFileSync(join(cwd, "real.yaml"), `extends: baseline\nname: x\ntitle: "a \uFFFD b"\n`);
    for (const command of ["validate", "run"]) {
      expectRefused(airace([command, "latin1.yaml"], cwd), `${command} latin1`, /^latin1\.yaml:3:15: the file is not valid UTF-8 text: byte 0xE9/m);
      expectRefused(airace([command, "nul.yaml"], cwd), `${command} nul`, /^nul\.yaml:3:10: the text holds a NUL byte \(U\+0000\)/m);
    }
    const ok = airace(["validate", "real.yaml"], cwd);
    expect(ok.code, ok.stderr).toBe(0);
    // a design CSV is read the same way, and reported where the byte is
    const exp = experimentFile(cwd).replace(/exp\.yaml$/, "csv.yaml");
    writeFileSync(exp, readFileSync(join(cwd, "exp.yaml"), "utf8").replace("design: { type: random, samples: 2 }", "design: { type: csv, file: d.csv }"));
    writeFileSync(join(cwd, "d.csv"), Buffer.concat([Buffer.from("leak\n0.1\n0."), Buffer.from([0xff]), Buffer.from("2\n")]));
    expectRefused(airace(["validate", exp], cwd), "csv design", /^d\.csv:3:3 design\.file: the file is not valid UTF-8 text: byte 0xFF/m);
    expect(readdirSync(cwd).sort()).toEqual(["csv.yaml", "d.csv", "exp.yaml", "latin1.yaml", "nul.yaml", "real.yaml"]);
  });

  it("a pipe given as the scenario or experiment is not a file, and nothing hangs reading it", () => {
    const cwd = tempDir();
    for (const command of ["validate", "run", "sweep"]) {
      const r = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "main.js"), command, "/dev/stdin"], { cwd, encoding: "utf8", input: "title: x\n", timeout: 60_000 });
      expectRefused({ code: r.status, stderr: r.stderr }, `${command} /dev/stdin`, /\/dev\/stdin is not a file/);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a run whose timeseries.csv would be longer than one string is refused as it starts, at the horizon's end", () => {
    const cwd = tempDir();
    const tree = parseYaml(readFileSync(join(ROOT, "scenarios", "baseline.yaml"), "utf8")) as { name: string; end: string; firms: { id: string; name: string }[] };
    // 990 labs over 800 quarters: some 16,000 values a quarter, up to 779 MB of CSV
    const labs = tree.firms;
    tree.firms = Array.from({ length: 990 }, (_, j) => ({ ...labs[j % labs.length]!, id: `Lab${j}`, name: `Lab ${j}` }));
    tree.name = "huge";
    tree.end = "2225Q3";
    writeFileSync(join(cwd, "huge.yaml"), stringifyYaml(tree, { aliasDuplicateObjects: false }));
    const tooLong = /^huge\.yaml:\d+:\d+ end: the run's timeseries\.csv could take up to [0-9,]+ MB \([0-9,]+ values a quarter over 801 quarters\), more than airace can write as one file \(536 MB\): shorten the horizon \(end\) or run fewer firms and countries/m;
    const r = airace(["run", "huge.yaml", "--seed", "1"], cwd);
    expectRefused(r, "run huge", new RegExp(`${tooLong.source}; nothing was run\\.$`, "m"));
    expect(readdirSync(cwd)).toEqual(["huge.yaml"]);
    // validate says so too, rather than ok
    const v = airace(["validate", "huge.yaml"], cwd);
    expectRefused(v, "validate huge", tooLong);
    expect(v.stdout).toBe("");
    // and verify, given a run's folder whose scenario was changed to ask for it
    expect(airace(["run", "huge.yaml", "--seed", "1", "--set", "end=2025Q4", "--out", "short", "-q"], cwd).code).toBe(0);
    const resolved = join(cwd, "short", "scenario.resolved.yaml");
    writeFileSync(resolved, readFileSync(resolved, "utf8").replace(/^end: 2025Q4$/m, "end: 2225Q3"));
    expectRefused(airace(["verify", "short"], cwd), "verify huge", /^short\/scenario\.resolved\.yaml:\d+:\d+ end: the run's timeseries\.csv could take up to [0-9,]+ MB .*; nothing was rerun\.$/m);
  });

  it("a megabyte unknown key gets one short line, without a suggestion search over it", () => {
    const cwd = tempDir();
    const key = "k".repeat(1_900_000);
    writeFileSync(join(cwd, "huge.yaml"), `{"extends": "baseline", "name": "x", "title": "t", "countries": [{"id": "US", "${key}": 1}]}\n`);
    for (const command of ["validate", "run"]) {
      const r = airace([command, "huge.yaml"], cwd);
      expectRefused(r, command, /^huge\.yaml:1:\d+ countries\.US\.k+\.\.\. \(1,900,0\d\d characters in all\): unknown key "k+\.\.\." \(1,900,000 characters\)$/m);
      expect(r.stderr.length).toBeLessThan(1000);
    }
    expect(readdirSync(cwd)).toEqual(["huge.yaml"]);
  });
});

describe("an experiment where a scenario goes", () => {
  it("gets one line naming the command that runs it, from every command that takes a scenario", () => {
    const cwd = tempDir();
    const exp = experimentFile(cwd);
    // an experiment with a mistake (no outcomes) is still one, and so is one written in JSON
    writeFileSync(join(cwd, "draft.yaml"), readFileSync(exp, "utf8").replace(/^outcomes:[\s\S]*$/m, ""));
    writeFileSync(join(cwd, "exp.json"), JSON.stringify(parseYaml(readFileSync(exp, "utf8")), null, 2));
    const cases: [string[], string, string][] = [
      [["run", "exp.yaml", "--seed", "1"], "exp.yaml", "nothing was run"],
      [["run", "draft.yaml"], "draft.yaml", "nothing was run"],
      [["run", "exp.json"], "exp.json", "nothing was run"],
      [["run", "lhs-export-controls"], "lhs-export-controls", "nothing was run"],
      [["run", join(ROOT, "scenarios", "experiments", "lhs-export-controls.yaml")], join(ROOT, "scenarios", "experiments", "lhs-export-controls.yaml"), "nothing was run"],
      [["evaluate", "exp.yaml", "--seeds", "2"], "exp.yaml", "nothing was run"],
      [["calibration", "lhs-export-controls"], "lhs-export-controls", "nothing was run"],
      [["compare", "baseline", "exp.yaml", "-r", "2"], "exp.yaml", "nothing was run"],
      [["compare", "lhs-export-controls", "baseline", "-r", "2"], "lhs-export-controls", "nothing was run"],
      [["serve", "exp.yaml", "--port", "0"], "exp.yaml", "the explorer was not started"],
      [["serve", "lhs-export-controls", "--port", "0"], "lhs-export-controls", "the explorer was not started"],
    ];
    for (const [args, ref, what] of cases) {
      const r = airace(args, cwd);
      expectRefused(r, args.join(" "), /is an experiment/);
      expect(r.stderr, args.join(" ")).toBe(`${ref} is an experiment, not a scenario: run it with airace sweep ${ref} (docs/experiments.md); ${what}.\n`);
    }
    // validate checks each as an experiment
    const ok = airace(["validate", "exp.yaml", "exp.json", "lhs-export-controls"], cwd);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok {2}exp\.json {2}\(experiment tiny: 4 runs/m);
    expectRefused(airace(["validate", "draft.yaml"], cwd), "validate draft", /^draft\.yaml:1:1 outcomes: missing required key "outcomes"/m);
    expect(readdirSync(cwd).sort()).toEqual(["draft.yaml", "exp.json", "exp.yaml"]);
  });
});

describe("ids that would duplicate a column", () => {
  it("refuses an uncertainty or outcome id that is a fixed column of runs.csv or points.csv", () => {
    const cwd = tempDir();
    const cases: [string, string, RegExp][] = [
      ["run", "cap", /uncertainties\.run\.id: "run" is a fixed column of runs\.csv/],
      ["seed", "cap", /uncertainties\.seed\.id: "seed" is a fixed column of runs\.csv/],
      ["mean", "cap", /uncertainties\.mean\.id: "mean" is a fixed column of points\.csv/],
      ["outcome", "cap", /uncertainties\.outcome\.id: "outcome" is a fixed column of points\.csv/],
      ["leak", "status", /outcomes\.status: "status" is a fixed column of runs\.csv/],
    ];
    for (const [u, o, pattern] of cases) {
      const exp = experimentFile(cwd, u, o);
      expectRefused(airace(["validate", exp], cwd), `validate ${u}/${o}`, pattern);
      expectRefused(airace(["sweep", exp, "--out", "s"], cwd), `sweep ${u}/${o}`, pattern);
    }
    expect(readdirSync(cwd)).toEqual(["exp.yaml"]);
  });
});

describe("a Ctrl-C pending when the work ends", () => {
  // The signal is sent before the command starts and waits in the event loop: a run's steps and
  // its rendering are synchronous, so it reaches the handler only when the command lets it in.
  // Before a fix, it came in after the folder was published, and the command exited 0. Every
  // module of the built command line is loaded first, so that the command's own loading of its
  // module lets no signal in (main.js, which would run a command, and the sweep's worker apart).
  const script = `import { readdirSync } from "node:fs";
const dist = process.env.AIRACE_DIST;
const { installInterruptHandler } = await import(dist + "/cli/interrupt.js");
installInterruptHandler(process.argv[2]);
const { main } = await import(dist + "/cli/app.js");
for (const f of readdirSync(dist + "/cli").sort()) if (f.endsWith(".js") && f !== "main.js" && !f.startsWith("sweep-worker")) await import(dist + "/cli/" + f);
process.kill(process.pid, "SIGINT");
process.exitCode = await main([process.execPath, "airace", ...process.argv.slice(2)]);
`;
  function pending(cwd: string, args: string[]) {
    writeFileSync(join(cwd, "pending.mjs"), script);
    const r = spawnSync(process.execPath, ["pending.mjs", ...args], { cwd, encoding: "utf8", env: { ...process.env, AIRACE_DIST: join(ROOT, "dist") } });
    return { code: r.status, stderr: r.stderr };
  }

  it("airace run writes nothing and exits 130", () => {
    const cwd = tempDir();
    const r = pending(cwd, ["run", THREE, "--seed", "1", "--out", "out"]);
    expect(r.code, r.stderr).toBe(130);
    // "at <quarter>" where the steps took long enough (50 ms) for the run to look for a signal itself
    expect(r.stderr).toMatch(/^interrupted (before the results were written|at \d{4}Q\d); nothing was written\.$/m);
    expect(readdirSync(cwd)).toEqual(["pending.mjs"]);
  });

  it("airace sweep keeps its runs resumable instead of publishing, and --resume publishes", () => {
    const cwd = tempDir();
    const exp = experimentFile(cwd);
    const r = pending(cwd, ["sweep", exp, "--workers", "1", "--out", "out", "--quiet"]);
    expect(r.code, r.stderr).toBe(130);
    // after 4 runs, or fewer where a slow machine made batches smaller than the sweep
    expect(r.stderr).toMatch(/^interrupted after [0-4] of 4 runs; out\.partial is consistent\.$/m);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "out.partial", "pending.mjs"]);
    // another experiment's --resume into the same folder is refused before any estimate
    const other = join(cwd, "other.yaml");
    writeFileSync(other, readFileSync(exp, "utf8").replace("id: cap", "id: frontier"));
    const wrong = airace(["sweep", other, "--workers", "1", "--out", "out", "--resume"], cwd);
    expectRefused(wrong, "resume of another experiment", /^out\.partial belongs to another experiment, or to another version of this one/m);
    expect(wrong.stdout).not.toMatch(/estimate/);
    const resumed = airace(["sweep", exp, "--workers", "1", "--out", "out", "--resume", "--quiet"], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "other.yaml", "out", "pending.mjs"]);
  });

  it("airace plan, merge and report write nothing and exit 130", () => {
    const cwd = tempDir();
    const exp = experimentFile(cwd);
    const plan = pending(cwd, ["plan", exp, "--shards", "2", "--out", "p"]);
    expect(plan.code, plan.stderr).toBe(130);
    expect(plan.stderr).toMatch(/^interrupted before the plan was written; nothing was written\.$/m);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "pending.mjs"]);
    expect(airace(["plan", exp, "--shards", "2", "--out", "p"], cwd).code).toBe(0);
    for (const k of ["0", "1"]) expect(airace(["sweep", "--plan", "p", "--shard", k, "--quiet"], cwd).code).toBe(0);
    const merge = pending(cwd, ["merge", "p", "--out", "merged"]);
    expect(merge.code, merge.stderr).toBe(130);
    expect(merge.stderr).toMatch(/^interrupted before the merged folder was published; nothing was written/m);
    expect(airace(["run", THREE, "--seed", "1", "--out", "r", "--quiet"], cwd).code).toBe(0);
    const report = pending(cwd, ["report", "r"]);
    expect(report.code, report.stderr).toBe(130);
    expect(report.stderr).toMatch(/^interrupted before the report was written; no report was written\.$/m);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "p", "pending.mjs", "r"]);
    expect(readdirSync(join(cwd, "r")).sort()).not.toContain("report");
  });
});
