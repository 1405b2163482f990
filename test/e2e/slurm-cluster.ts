/**
 * A private single-node SLURM cluster on localhost for the tests: Debian's slurmctld, slurmd,
 * slurm-client and munge (.ci/run installs them), with a configuration, munge key and socket,
 * ports, state and logs of its own in a temporary folder, so nothing of the machine's is read
 * or changed. slurmd runs jobs as the submitting user, so it needs root. When any of this is
 * missing the caller skips its tests and says why.
 */
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

const BINARIES = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/squeue", "/usr/bin/sinfo"];

/** Why a cluster cannot be started here, or undefined when it can be tried. */
export function slurmUnavailable(): string | undefined {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0) return `${missing.join(", ")} not installed (Debian packages slurmctld, slurmd, slurm-client, munge; .ci/run installs them)`;
  if (process.getuid?.() !== 0) return "slurmd must run as root to start jobs, and these tests are not running as root";
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  /** Environment for sbatch, squeue and sinfo (SLURM_CONF points at the private config). */
  env: NodeJS.ProcessEnv;
  dir: string;
  /** Waits until no job is queued or running (or the timeout passes: then throws). */
  drain(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(dir: string): Promise<Cluster> {
  for (const d of ["munge", "state", "spool", "log"]) mkdirSync(join(dir, d), { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const key = join(dir, "munge", "munge.key");
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, "munge", "munge.socket");
  const host = hostname().split(".")[0]!;
  const [ctld, slurmd] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=airacetest",
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctld}`,
      `SlurmdPort=${slurmd}`,
      "SlurmUser=root",
      "AuthType=auth/munge",
      `AuthInfo=socket=${socket}`,
      "CredType=cred/munge",
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "JobAcctGatherType=jobacct_gather/none",
      "MpiDefault=none",
      "SchedulerType=sched/backfill",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_CPU",
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      "ReturnToService=2",
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
      `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const mungePid = join(dir, "munge", "munged.pid");
  execFileSync("/usr/sbin/munged", ["--force", `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${mungePid}`, `--log-file=${join(dir, "munge", "munged.log")}`, `--seed-file=${join(dir, "munge", "munged.seed")}`]);
  const daemons: ChildProcess[] = [];
  const out = openSync(join(dir, "log", "daemons.out"), "a");
  daemons.push(spawn("/usr/sbin/slurmctld", ["-D", "-f", conf], { stdio: ["ignore", out, out] }));
  daemons.push(spawn("/usr/sbin/slurmd", ["-D", "-f", conf], { stdio: ["ignore", out, out] }));
  const env = { ...process.env, SLURM_CONF: conf };
  const stop = async () => {
    for (const d of daemons) d.kill("SIGTERM");
    await Promise.all(daemons.map((d) => (d.exitCode !== null ? Promise.resolve() : new Promise((r) => d.once("exit", r)))));
    try {
      process.kill(Number(readFileSync(mungePid, "utf8").trim()), "SIGTERM");
    } catch {
      // already gone
    }
  };
  // the node reports in within a few seconds
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = spawnSync("/usr/bin/sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim() === "idle") break;
    if (Date.now() > deadline) {
      await stop();
      const log = (f: string) => (existsSync(join(dir, "log", f)) ? readFileSync(join(dir, "log", f), "utf8").split("\n").slice(-8).join("\n") : "");
      throw new Error(`the test cluster did not come up: sinfo said ${JSON.stringify(r.stdout.trim() || r.stderr.trim())}\n${log("slurmctld.log")}\n${log("slurmd.log")}\n${log("daemons.out")}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    env,
    dir,
    stop,
    async drain(timeoutMs: number) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const r = spawnSync("/usr/bin/squeue", ["-h"], { env, encoding: "utf8" });
        if (r.status === 0 && r.stdout.trim() === "") return;
        if (Date.now() > end) throw new Error(`jobs still queued after ${timeoutMs} ms:\n${r.stdout}`);
        await new Promise((res) => setTimeout(res, 500));
      }
    },
  };
}
