/**
 * One benchmark sweep in this process: `node dist-bench/bench/sweep.js <experiment> <workers> <out>`.
 * Prints a JSON line: runs, wall seconds, runs per second, and the peak resident memory of the
 * process (worker threads included).
 */
import { rmSync } from "node:fs";
import { sweepCommand } from "../src/cli/sweep.js";
import { loadPlan } from "../src/io/experiment-host.js";

const [experiment, workers, out] = process.argv.slice(2) as [string, string, string];
const loaded = loadPlan({ kind: "experiment", ref: experiment });
if (!loaded.ok) throw new Error(`${experiment} does not load`);
rmSync(out, { recursive: true, force: true });
rmSync(`${out}.partial`, { recursive: true, force: true });
const t0 = performance.now();
await sweepCommand(experiment, { workers, out, yes: true, force: true, quiet: true }, () => {}, (e) => process.stderr.write(e + "\n"), () => false);
const seconds = (performance.now() - t0) / 1000;
rmSync(out, { recursive: true, force: true });
const runs = loaded.value.plan.runs;
process.stdout.write(JSON.stringify({ runs, seconds, runsPerSecond: runs / seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + "\n");
