/**
 * How long everyday commands take to answer, start-up included, as a user starts them with
 * `node dist/cli/main.js` or a linked `airace` (npx adds about 0.45 s of its own): the
 * built CLI (dist/cli/main.js) in a new process each time, timed by the wall clock from spawn
 * to exit. The commands are timed in alternating rounds (run, validate, list, run, ...), so
 * that a change in the machine's speed falls on all of them alike. Most of each command's
 * time is start-up: loading its modules and libraries, and code that runs for the first time.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

/** Each command must answer within this, in seconds (the median of the samples). */
export const COMMAND_TARGET_SECONDS = 0.5;

export interface CommandTime {
  /** The command as a user types it. */
  command: string;
  medianSeconds: number;
  minSeconds: number;
  samples: number;
}

/** `samples` timings of each command (at least 1); `quantile` as bench/run.ts computes it. */
export function commandTimes(root: string, samples: number, quantile: (xs: readonly number[], q: number) => number): CommandTime[] {
  const runOut = join(root, "results", "bench", "cli-run");
  const commands: { command: string; args: string[] }[] = [
    // --out and --force only so that it can run again: otherwise as typed, its summary printed
    { command: "airace run baseline", args: ["run", "baseline", "--out", runOut, "--force"] },
    { command: "airace validate scenarios/baseline.yaml", args: ["validate", join("scenarios", "baseline.yaml")] },
    { command: "airace list", args: ["list"] },
  ];
  const bin = join(root, "dist", "cli", "main.js");
  const times = commands.map((): number[] => []);
  for (let i = 0; i < samples; i++) {
    commands.forEach((c, k) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [bin, ...c.args], { cwd: root, stdio: "ignore" });
      const seconds = (performance.now() - t) / 1000;
      if (r.status !== 0) throw new Error(`${c.command} exited with ${String(r.status)}`);
      times[k]!.push(seconds);
    });
  }
  rmSync(runOut, { recursive: true, force: true });
  return commands.map((c, k) => ({ command: c.command, medianSeconds: quantile(times[k]!, 0.5), minSeconds: Math.min(...times[k]!), samples }));
}
