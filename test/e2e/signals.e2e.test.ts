/**
 * SIGTERM and SIGHUP stop airace as Ctrl-C does, through the built CLI: `serve` closes its port
 * and exits 0; a sweep records the runs done, leaves only its resumable `.partial` folder and
 * exits 128 + the signal's number; a run writes nothing. Started with npx, which passes a kill
 * only to the shell it runs airace in, stopping npx stops airace too. And a sweep on a terminal
 * that is closed (SIGHUP, then every write fails) still stops cleanly. A command that writes
 * nothing does not finish once asked to stop.
 *
 * Each test waits for what the command prints or writes, never for a fixed time.
 */
import type { ChildProcess } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ROOT } from "../helpers/scenarios.js";
import { airace, BIN, tempDir } from "./cli.js";

const SIGNALS = [
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const;

interface Started {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves once the output matches; rejects if the process ends first. */
  printed(pattern: RegExp): Promise<string>;
  /** The exit code once the process and everything holding its output have ended. */
  closed: Promise<number | null>;
}

function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, detached = false): Started {
  const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: "1" }, detached });
  // a test that fails leaves nothing running
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let out = "";
  const waiting: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiting) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  // "close": the process has exited and every copy of its stdout and stderr is closed, those
  // held by processes it started included
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) resolve(m[0]);
        };
        waiting.push(check);
        check();
        void closed.then(() => reject(new Error(`ended before printing ${pattern}:\n${out}`)));
      }),
    closed,
  };
}

/** Whether nothing listens on the port: we can listen there ourselves. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

const portOf = (url: string) => Number(new URL(url).port);

describe("airace serve", () => {
  it.each(SIGNALS)("closes its port and exits on %s", async (signal) => {
    const s = start(process.execPath, [BIN, "serve", "--port", "0"], tempDir());
    const url = (await s.printed(/http:\/\/127\.0\.0\.1:\d+\//)).trim();
    expect((await fetch(url)).status).toBe(200);
    expect(await portFree(portOf(url))).toBe(false);
    s.child.kill(signal);
    expect(await s.closed, s.output()).toBe(0);
    expect(s.output()).toMatch(/Stopped\.\n$/);
    expect(await portFree(portOf(url))).toBe(true);
  });
});

/** A sweep of 9,600 short runs (over a minute on one worker): every signal lands mid-way. */
function longSweep(cwd: string): void {
  writeFileSync(
    join(cwd, "exp.yaml"),
    `name: long
title: "a long sweep"
scenario: baseline
set:
  end: 2029Q4
seed: 11
replications: 300
uncertainties:
  - { id: leak, path: model.leakRate, distribution: uniform, min: 0.01, max: 0.3, unit: 1/yr, source: "assumption: test" }
design: { type: random, samples: 32 }
outcomes:
  - { id: cnCompute, metric: compute_CN, aggregate: mean }
`,
  );
}

/** Waits until the sweep has recorded some runs in `<out>.partial`; returns how many. */
async function recorded(cwd: string, out: string, s: Started): Promise<number> {
  const progress = join(cwd, `${out}.partial`, "progress.json");
  for (let exited = false; !exited; ) {
    if (existsSync(progress)) {
      const done = (JSON.parse(readFileSync(progress, "utf8")) as { done: number }).done;
      if (done > 0) return done;
    }
    exited = await Promise.race([s.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 50))]);
  }
  throw new Error(`the sweep ended before recording a run:\n${s.output()}`);
}

/** The partial folder is consistent: its progress record counts exactly the rows of runs.csv. */
function expectConsistent(cwd: string, out: string, atLeast: number): void {
  const partial = join(cwd, `${out}.partial`);
  const progress = JSON.parse(readFileSync(join(partial, "progress.json"), "utf8")) as { done: number; runs: number; sizes: Record<string, number> };
  expect(progress.done).toBeGreaterThanOrEqual(atLeast);
  expect(progress.done).toBeLessThan(progress.runs);
  const runs = readFileSync(join(partial, "runs.csv"), "utf8").slice(0, progress.sizes["runs.csv"]);
  expect(runs.split("\n").length - 2).toBe(progress.done);
}

describe("airace sweep", () => {
  it.each(SIGNALS)("on %s records the runs done, publishes nothing and exits %i", async (signal, code) => {
    const cwd = tempDir();
    longSweep(cwd);
    const s = start(process.execPath, [BIN, "sweep", "exp.yaml", "--workers", "1", "--out", "out"], cwd);
    const done = await recorded(cwd, "out", s);
    s.child.kill(signal);
    expect(await s.closed, s.output()).toBe(code);
    expect(s.output()).toMatch(/interrupted after \d+ of 9600 runs; out\.partial is consistent\.\nfinish it with: airace sweep exp\.yaml --resume --out out\n$/);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "out.partial"]);
    expectConsistent(cwd, "out", done);
    // the folder is what --resume takes up: a new sweep there is refused, not started over
    const again = airace(["sweep", "exp.yaml", "--out", "out"], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/an unfinished sweep of this experiment is in out\.partial \(\d+ of 9600 runs done\)/);
  });
});

describe("airace run", () => {
  it.each(SIGNALS)("on %s writes nothing and exits %i", async (signal, code) => {
    const cwd = tempDir();
    // a run of seconds (990 labs for 121 years, whose timeseries.csv would fit in one file): the
    // signal comes while it steps
    const tiny = readFileSync(join(ROOT, "test", "fixtures", "valid", "three-countries.yaml"), "utf8");
    const labs = Array.from({ length: 990 }, (_, i) => `  - { id: L${i}, name: L${i}, country: Arcadia, budgetGrowth: 2, allocation: { rnd: 1, open: 0, compute: 1 }, initial: { budget: 1, compute: 1, knowledge: 0 } }`);
    writeFileSync(join(cwd, "long.yaml"), tiny.replace("end: 2032Q4", "end: 2150Q4") + labs.join("\n") + "\n");
    // without --seed the run says which seed it took, just before it starts stepping
    const s = start(process.execPath, [BIN, "run", "long.yaml", "--out", "long"], cwd);
    await s.printed(/No seed given/);
    s.child.kill(signal);
    expect(await s.closed, s.output()).toBe(code);
    expect(s.output()).toMatch(/^interrupted at \d{4}Q\d; nothing was written\.$/m);
    expect(readdirSync(cwd)).toEqual(["long.yaml"]);
  });
});

describe("a command that writes nothing", () => {
  it("stops at the first signal instead of finishing", () => {
    const cwd = tempDir();
    // the signal is sent before the command starts, and waits until the event loop turns,
    // which it does while the command's module loads
    const script = `const dist = process.env.AIRACE_DIST;
const { installInterruptHandler } = await import(dist + "/cli/interrupt.js");
installInterruptHandler(process.argv[2]);
const { main } = await import(dist + "/cli/app.js");
process.kill(process.pid, "SIGTERM");
process.exitCode = await main([process.execPath, "airace", ...process.argv.slice(2)]);
`;
    writeFileSync(join(cwd, "pending.mjs"), script);
    const r = spawnSync(process.execPath, ["pending.mjs", "validate", "baseline"], { cwd, encoding: "utf8", env: { ...process.env, AIRACE_DIST: join(ROOT, "dist") } });
    expect(r.status, r.stderr).toBe(143);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("interrupted.\n");
  });
});

const npx = spawnSync("npx", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!npx)("npx airace", () => {
  it.each(SIGNALS)("serve stops and frees its port when npx gets %s", async (signal) => {
    // a project with airace installed, as npm installs it
    const project = tempDir();
    writeFileSync(join(project, "package.json"), '{ "name": "course", "version": "1.0.0", "private": true }\n');
    mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
    symlinkSync(BIN, join(project, "node_modules", ".bin", "airace"));
    // npx's own environment, not that of the npm that may run these tests; never the network
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const s = start("npx", ["airace", "serve", "--port", "0"], project, { ...env, npm_config_offline: "true", npm_config_update_notifier: "false" }, true);
    // whatever fails, nothing this test started outlives it (npx leads its process group)
    onTestFinished(() => {
      try {
        process.kill(-s.child.pid!, "SIGKILL");
      } catch {
        // all gone
      }
    });
    const url = (await s.printed(/http:\/\/127\.0\.0\.1:\d+\//)).trim();
    expect(await portFree(portOf(url))).toBe(false);
    // the signal goes to npx alone, as `kill <pid>` sends it
    s.child.kill(signal);
    // closed: npx has exited, and airace, which holds the same output, too
    await s.closed;
    expect(s.output()).toMatch(/the npm command that started airace has ended: stopping\.\nStopped\.\n$/);
    expect(await portFree(portOf(url))).toBe(true);
  });
});

const python = spawnSync("python3", ["--version"]).status === 0;

describe.skipIf(!python || process.platform !== "linux")("a terminal that is closed", () => {
  it("stops a sweep cleanly, its writes to the terminal failing", async () => {
    const cwd = tempDir();
    longSweep(cwd);
    // the sweep on a pseudo-terminal (with its progress bar); once it has recorded runs, the
    // terminal is closed as a window is: the sweep gets SIGHUP, and every write fails (EIO)
    const harness = `import json, os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
print(pid, flush=True)
progress = "out.partial/progress.json"
while True:
    try:
        os.read(fd, 65536)
    except OSError:
        break
    if os.path.exists(progress) and json.load(open(progress))["done"] > 0:
        break
os.close(fd)
print("closed", flush=True)
print("status", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
`;
    writeFileSync(join(cwd, "harness.py"), harness);
    const h = start("python3", ["harness.py", process.execPath, BIN, "sweep", "exp.yaml", "--workers", "1", "--out", "out"], cwd);
    const pid = Number(await h.printed(/^\d+/));
    onTestFinished(() => {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // it has ended
      }
    });
    await h.closed;
    expect(h.output()).toMatch(/^closed\nstatus 129\n/m);
    expect(readdirSync(cwd).sort()).toEqual(["exp.yaml", "harness.py", "out.partial"]);
    expectConsistent(cwd, "out", 1);
  });
});
