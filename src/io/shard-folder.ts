/**
 * A sweep split into shards, on disk (docs/cluster.md):
 *
 *   <dir>/plan.json            the plan: the experiment (path and digest), the number of runs,
 *                              the number of shards K, the rule that gives each shard its runs
 *   <dir>/shards/shard-<k>/    one shard's results, published whole: runs.csv (its runs, in run
 *                              order), timeseries.csv (if the experiment keeps series) and
 *                              shard.json (what it is, with each file's sha256)
 *
 * A shard is written into a temporary folder of its own (named for the host and process) and
 * renamed into place when complete, so a shard folder is always whole. Two copies of one shard
 * (a requeued array task, a rerun) compute the same bytes: whichever finishes second finds the
 * folder in place and leaves it.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { makeDirs, pendingDirs, writeAll, writeFileAtomic } from "./files.js";
import { pidAlive } from "./sweep-folder.js";

export const PLAN_FORMAT = "airace-sweep-plan/1";
export const SHARD_FORMAT = "airace-sweep-shard/1";

export interface PlanFile {
  format: string;
  experiment: { ref: string; path: string; name: string; title: string; digest: string };
  runs: number;
  shards: number;
  rule: string;
  /** Runs in each shard. */
  sizes: number[];
  /** Where `airace merge` writes the merged sweep by default (where a one-machine sweep would). */
  output: string;
  tool: { version: string; model: string };
}

export interface ShardFile {
  format: string;
  shard: number;
  shards: number;
  digest: string;
  runs: number;
  failures: number;
  files: Record<string, { sha256: string; bytes: number }>;
  host: string;
  started: string;
  finished: string;
}

/** A problem with a plan folder that the user can fix: reported as bad input. */
export class PlanError extends Error {}

export function planPath(dir: string): string {
  return join(dir, "plan.json");
}

export function readPlanFile(dir: string): PlanFile {
  const path = planPath(dir);
  if (!existsSync(path)) throw new PlanError(`${dir} has no plan.json: make one with airace plan <experiment> --shards K --out ${dir}`);
  let plan: PlanFile;
  try {
    plan = JSON.parse(readFileSync(path, "utf8")) as PlanFile;
  } catch (e) {
    throw new PlanError(`${path}:1:1: not valid JSON (${(e as Error).message})`);
  }
  if (plan.format !== PLAN_FORMAT) throw new PlanError(`${path}:1:1: not a plan written by airace plan (format ${String(plan.format)})`);
  return plan;
}

export function writePlanFile(dir: string, plan: PlanFile): void {
  makeDirs(join(dir, "shards"));
  writeFileAtomic(planPath(dir), JSON.stringify(plan, null, 2) + "\n");
}

/** shard-0 ... shard-K-1, zero-padded so that they sort in order. */
export function shardName(k: number, shards: number): string {
  return `shard-${String(k).padStart(String(shards - 1).length, "0")}`;
}

export function shardDir(dir: string, k: number, shards: number): string {
  return join(dir, "shards", shardName(k, shards));
}

/** The manifest of a published shard, or why it cannot be used. */
export function readShard(dir: string, k: number, plan: PlanFile): { ok: true; shard: ShardFile } | { ok: false; why: string } {
  const folder = shardDir(dir, k, plan.shards);
  const path = join(folder, "shard.json");
  if (!existsSync(path)) return { ok: false, why: "missing" };
  let shard: ShardFile;
  try {
    shard = JSON.parse(readFileSync(path, "utf8")) as ShardFile;
  } catch {
    return { ok: false, why: `${path} is not valid JSON` };
  }
  if (shard.format !== SHARD_FORMAT) return { ok: false, why: `${path} is not a shard manifest` };
  if (shard.digest !== plan.experiment.digest) return { ok: false, why: `it was computed for another version of the experiment (digest ${shard.digest.slice(0, 8)}, the plan's is ${plan.experiment.digest.slice(0, 8)})` };
  if (shard.shard !== k || shard.shards !== plan.shards) return { ok: false, why: `it is shard ${shard.shard} of ${shard.shards}, not ${k} of ${plan.shards}` };
  if (shard.runs !== plan.sizes[k]) return { ok: false, why: `it holds ${shard.runs} runs, the plan gives it ${plan.sizes[k]}` };
  for (const [name, info] of Object.entries(shard.files)) {
    const file = join(folder, name);
    if (!existsSync(file)) return { ok: false, why: `${name} is missing` };
    if (sha256File(file) !== info.sha256) return { ok: false, why: `${name} is damaged (its sha256 differs from shard.json's)` };
  }
  return { ok: true, shard };
}

function sha256File(path: string): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/** Writes one shard's files as its runs complete, then publishes the folder whole. */
export class ShardWriter {
  readonly temp: string;
  private readonly fds = new Map<string, number>();
  private readonly hashes = new Map<string, { hash: ReturnType<typeof createHash>; bytes: number }>();

  constructor(
    private readonly dir: string,
    private readonly k: number,
    private readonly shards: number,
    headers: ReadonlyMap<string, string>,
  ) {
    const parent = join(dir, "shards");
    makeDirs(parent);
    // what a killed copy of this shard on this host left behind (its process is gone)
    const stale = new RegExp(`^\\.${shardName(k, shards)}\\.tmp-${hostname().replace(/[^A-Za-z0-9]/g, "\\$&")}-(\\d+)$`);
    for (const name of readdirSync(parent)) {
      const m = stale.exec(name);
      if (m !== null && !pidAlive(Number(m[1]))) rmSync(join(parent, name), { recursive: true, force: true });
    }
    this.temp = join(parent, `.${shardName(k, shards)}.tmp-${hostname()}-${process.pid}`);
    rmSync(this.temp, { recursive: true, force: true });
    mkdirSync(this.temp);
    pendingDirs.add(this.temp);
    for (const [name, header] of headers) {
      this.fds.set(name, openSync(join(this.temp, name), "w", 0o644));
      this.hashes.set(name, { hash: createHash("sha256"), bytes: 0 });
      this.append(name, header);
    }
  }

  append(name: string, text: string): void {
    if (text === "") return;
    const fd = this.fds.get(name);
    const h = this.hashes.get(name);
    if (fd === undefined || h === undefined) throw new Error(`shard has no file ${name}`);
    const buf = Buffer.from(text, "utf8");
    writeAll(fd, buf);
    h.hash.update(buf);
    h.bytes += buf.length;
  }

  /**
   * Flushes, writes shard.json and renames the folder into place. Returns false when another
   * copy of this shard published it first (its folder is then left as it is).
   */
  publish(meta: Omit<ShardFile, "format" | "files" | "host">, seeFiles: (files: ShardFile["files"]) => void = () => {}): boolean {
    const files: ShardFile["files"] = {};
    for (const [name, fd] of this.fds) {
      fsyncSync(fd);
      closeSync(fd);
      const h = this.hashes.get(name)!;
      files[name] = { sha256: h.hash.digest("hex"), bytes: h.bytes };
    }
    this.fds.clear();
    seeFiles(files);
    const manifest: ShardFile = { format: SHARD_FORMAT, ...meta, files, host: hostname() };
    writeFileAtomic(join(this.temp, "shard.json"), JSON.stringify(manifest, null, 2) + "\n");
    const target = shardDir(this.dir, this.k, this.shards);
    try {
      renameSync(this.temp, target);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST") return false;
      throw e;
    } finally {
      this.abort();
    }
  }

  /** Removes the temporary folder (after publishing, or when stopped). */
  abort(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    rmSync(this.temp, { recursive: true, force: true });
    pendingDirs.delete(this.temp);
  }
}

/** Reads a file's lines one at a time, in chunks, skipping its header. */
export class LineReader {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(1 << 20);
  // a chunk may end inside a character: the decoder keeps its first bytes for the next chunk
  private readonly decoder = new StringDecoder("utf8");
  private lines: string[] = [];
  private index = 0;
  private rest = "";
  private eof = false;
  /** Lines handed out so far, the header included (for messages: the line number). */
  line = 1;

  constructor(readonly path: string) {
    this.fd = openSync(path, "r");
    this.next(); // the header
    this.line = 1;
  }

  /** The next line, or undefined at the end of the file. */
  next(): string | undefined {
    while (this.index >= this.lines.length) {
      if (this.eof) return undefined;
      const n = readSync(this.fd, this.buf, 0, this.buf.length, null);
      if (n <= 0) {
        this.eof = true;
        const last = this.rest + this.decoder.end();
        this.lines = last === "" ? [] : [last];
        this.rest = "";
      } else {
        const parts = (this.rest + this.decoder.write(this.buf.subarray(0, n))).split("\n");
        this.rest = parts.pop() ?? "";
        this.lines = parts;
      }
      this.index = 0;
    }
    this.line++;
    return this.lines[this.index++];
  }

  /** The next line without taking it. */
  peek(): string | undefined {
    const line = this.next();
    if (line !== undefined) {
      this.index--;
      this.line--;
    }
    return line;
  }

  close(): void {
    closeSync(this.fd);
  }
}
