/**
 * How close the estimates that sweep, compare and evaluate print come to the time they take:
 * each command is run as a user runs it (a new process, default workers unless given), and its
 * printed estimate (the whole command, as `time` shows it) is set against the wall time of the
 * process. Each command is run `rounds` times, the commands taken in turn, so that a shared
 * machine's drift falls on all of them alike; the round whose ratio is farthest from 1 is
 * reported, with the median of the ratios.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

export interface EstimateCheck {
  command: string;
  /** Per round: the estimate printed and the seconds the command took. */
  rounds: { estimate: number; seconds: number }[];
  /** Seconds taken / seconds estimated: the median over the rounds, and the one farthest from 1. */
  medianRatio: number;
  worstRatio: number;
}

export const COMMANDS: readonly string[][] = [
  ["compare", "baseline", "taiwan-blockade"],
  ["compare", "baseline", "export-controls-tightened", "-r", "3"],
  ["sweep", "lhs-export-controls"],
  ["sweep", "morris-screening", "--workers", "1"],
  ["evaluate", "baseline", "--seeds", "5"],
];

const UNITS: Record<string, number> = { ms: 0.001, s: 1, min: 60, h: 3600 };

/** The seconds of the first "estimate...: <time>" line of a command's output. */
export function printedEstimate(stdout: string): number | undefined {
  const m = /estimate[^:\n]*: (\d+(?:\.\d+)?) (ms|s|min|h)\b/.exec(stdout);
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

export function estimateChecks(root: string, rounds: number): EstimateCheck[] {
  const out = join(root, "results", "bench", "estimate");
  const runs = COMMANDS.map(() => [] as { estimate: number; seconds: number }[]);
  for (let r = 0; r < rounds; r++) {
    COMMANDS.forEach((args, i) => {
      rmSync(out, { recursive: true, force: true });
      const t = performance.now();
      const stdout = execFileSync(process.execPath, [join(root, "dist", "cli", "main.js"), ...args, "--out", out, "--force"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      const seconds = (performance.now() - t) / 1000;
      const estimate = printedEstimate(stdout);
      if (estimate === undefined) throw new Error(`airace ${args.join(" ")} printed no estimate`);
      runs[i]!.push({ estimate, seconds });
    });
  }
  rmSync(out, { recursive: true, force: true });
  return COMMANDS.map((args, i) => {
    const ratios = runs[i]!.map((x) => x.seconds / x.estimate).sort((a, b) => a - b);
    const worst = ratios.reduce((w, x) => (Math.abs(Math.log(x)) > Math.abs(Math.log(w)) ? x : w), 1);
    const m = ratios.length >> 1;
    const median = ratios.length % 2 === 1 ? ratios[m]! : (ratios[m - 1]! + ratios[m]!) / 2;
    return { command: `airace ${args.join(" ")}`, rounds: runs[i]!, medianRatio: median, worstRatio: worst };
  });
}
