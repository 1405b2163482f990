/**
 * `airace discover <sweep-folder> --where "<outcome> <op> <value>"`: scenario discovery with
 * PRIM on a finished sweep. Every successful run is a point (its parameter values) and a case
 * of interest when the condition holds for its outcome; the peeling trajectory and the chosen
 * box are printed, and written as CSV with --out.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PrimBox } from "../experiment/prim.js";
import { chooseBox, primTrajectory } from "../experiment/prim.js";
import { num } from "../experiment/comparison.js";
import { writeFileAtomic } from "../io/files.js";
import { SWEEP_MANIFEST_FORMAT } from "../io/sweep-folder.js";
import { csvNumber, csvText } from "../report/csv.js";
import { CliError, EXIT } from "./exit.js";
import { checkOutput } from "./load.js";

export interface DiscoverOptions {
  where: string;
  policy?: string;
  alpha: string;
  minMass: string;
  density: string;
  out?: string;
}

interface Manifest {
  format: string;
  uncertainties: { id: string; unit: string }[];
  outcomes: { id: string; unit: string; aggregate?: string }[];
  policies: { id: string }[];
}

const OPS: Record<string, (a: number, b: number) => boolean> = {
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
};

function fraction(text: string, name: string, lo: number, hi: number): number {
  const v = Number(text);
  if (!(Number.isFinite(v) && v > lo && v < hi)) throw new CliError(EXIT.input, [`${name}: expected a number between ${lo} and ${hi}, got "${text}"`]);
  return v;
}

export interface PrimResult {
  trajectory: PrimBox[];
  box: PrimBox;
  index: number;
  names: { id: string; unit: string }[];
  policy: string;
  condition: string;
  cases: number;
  runs: number;
  never: number;
  dropped: number;
  outcome: string;
}

/** PRIM on a sweep folder for a condition on one of its outcomes (checks every input). */
export function primOnSweep(dir: string, opts: DiscoverOptions): PrimResult {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new CliError(EXIT.input, [`${dir} is not a finished sweep folder (no manifest.json)`]);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch (e) {
    throw new CliError(EXIT.input, [`${manifestPath}: not valid JSON (${(e as Error).message})`]);
  }
  if (manifest.format !== SWEEP_MANIFEST_FORMAT) throw new CliError(EXIT.input, [`${dir} was not written by airace sweep (its manifest is ${String(manifest.format)})`]);
  if (manifest.uncertainties.length === 0) throw new CliError(EXIT.input, [`${dir} has no uncertain parameters: there is nothing to discover`]);
  const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(>=|<=|>|<)\s*(\S+)\s*$/.exec(opts.where);
  if (m === null || !Number.isFinite(Number(m[3]))) {
    throw new CliError(EXIT.input, [`--where: expected "<outcome> <op> <number>" with op one of > >= < <=, e.g. "gapMonths2030 > 12"; got "${opts.where}"`]);
  }
  const [, outcome, op, value] = m as unknown as [string, string, string, string];
  const outcomes = manifest.outcomes.map((o) => o.id);
  if (!outcomes.includes(outcome)) throw new CliError(EXIT.input, [`--where: no outcome "${outcome}" in this sweep (it has ${outcomes.join(", ")})`]);
  const policies = manifest.policies.map((p) => p.id);
  const policy = opts.policy ?? policies[0]!;
  if (!policies.includes(policy)) throw new CliError(EXIT.input, [`--policy: no policy "${policy}" in this sweep (it has ${policies.join(", ")})`]);
  const alpha = fraction(opts.alpha, "--alpha", 0, 0.5);
  const minMass = fraction(opts.minMass, "--min-mass", 0, 1);
  const density = fraction(opts.density, "--density", 0, 1.0000001);

  const lines = readFileSync(join(dir, "runs.csv"), "utf8").split("\n");
  const header = (lines[0] ?? "").split(",");
  const params = manifest.uncertainties.map((u) => header.indexOf(u.id));
  const col = header.indexOf(outcome);
  const x: number[][] = [];
  const y: boolean[] = [];
  const test = OPS[op]!;
  // a first-crossing outcome is empty when the threshold was never reached: that run crossed
  // later than the horizon, if ever, and counts as +infinity; other empty values are left out
  const crossing = manifest.outcomes.find((o) => o.id === outcome)?.aggregate === "first-crossing";
  let dropped = 0;
  let never = 0;
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(",");
    if (cells.length < header.length || cells[2] !== policy) continue;
    if (cells[5] !== "ok" || (cells[col] === "" && !crossing)) {
      dropped++;
      continue;
    }
    if (cells[col] === "") never++;
    x.push(params.map((c) => Number(cells[c])));
    y.push(test(cells[col] === "" ? Infinity : Number(cells[col]), Number(value)));
  }
  if (x.length === 0) throw new CliError(EXIT.input, [`no successful runs with a value of ${outcome} under policy ${policy}`]);
  const cases = y.filter(Boolean).length;
  if (cases === 0 || cases === y.length) {
    throw new CliError(EXIT.input, [`${outcome} ${op} ${value} holds in ${cases === 0 ? "none" : "all"} of the ${y.length} runs: choose a threshold that splits them`]);
  }
  const trajectory = primTrajectory(x, y, { alpha, minMass });
  const { box, index } = chooseBox(trajectory, density);
  return { trajectory, box, index, names: manifest.uncertainties, policy, condition: `${outcome} ${op} ${value}`, cases, runs: y.length, never, dropped, outcome };
}

export function discoverCommand(dir: string, opts: DiscoverOptions, print: (text: string) => void): void {
  if (opts.out !== undefined) checkOutput(opts.out, true);
  const { trajectory, box, index, names, policy, condition, cases, runs, never, dropped, outcome } = primOnSweep(dir, opts);
  const alpha = Number(opts.alpha);
  const minMass = Number(opts.minMass);
  print(`PRIM on ${dir} (policy ${policy}): ${cases} of ${runs} runs have ${condition} (${num((100 * cases) / runs)}%).`);
  if (never > 0) print(`  ${never} run${never === 1 ? "" : "s"} never reached the threshold of ${outcome}: counted as crossing after the horizon.`);
  if (dropped > 0) print(`  ${dropped} run${dropped === 1 ? "" : "s"} left out: failed, or without a value of ${outcome}.`);
  print(`Peeling trajectory: ${trajectory.length} boxes (alpha ${alpha}, down to ${num(minMass * 100)}% of the runs).`);
  print(`Chosen box #${index}: coverage ${num(box.coverage * 100)}%, density ${num(box.density * 100)}%, mass ${num(box.mass * 100)}% (${box.n} runs)`);
  const whole = trajectory[0]!;
  const restricted = names.map((u, j) => ({ u, j })).filter(({ j }) => box.low[j] !== whole.low[j] || box.high[j] !== whole.high[j]);
  if (restricted.length === 0) print("  it restricts no parameter: no range stands out.");
  for (const { u, j } of restricted) {
    const unit = u.unit === "1" ? "" : ` ${u.unit}`;
    print(`  ${u.id.padEnd(Math.max(...names.map((n) => n.id.length)))}  ${num(box.low[j]!)} .. ${num(box.high[j]!)}${unit}   (of ${num(whole.low[j]!)} .. ${num(whole.high[j]!)})`);
  }
  if (opts.out !== undefined) {
    try {
      writeFileAtomic(opts.out, trajectoryCsv(trajectory, names.map((u) => u.id)));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== undefined) throw new CliError(EXIT.input, [`cannot write ${opts.out}: ${code} (${(e as Error).message})`]);
      throw e;
    }
    print(`Trajectory written to ${opts.out}`);
  }
}

export function trajectoryCsv(trajectory: readonly PrimBox[], ids: readonly string[]): string {
  let out = ["box", "coverage", "density", "mass", "runs", ...ids.flatMap((id) => [`${id}_low`, `${id}_high`])].map(csvText).join(",") + "\n";
  trajectory.forEach((b, i) => {
    out += [i, b.coverage, b.density, b.mass, b.n, ...ids.flatMap((_, j) => [b.low[j]!, b.high[j]!])].map(csvNumber).join(",") + "\n";
  });
  return out;
}
