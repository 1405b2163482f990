/**
 * The folder a sweep writes while it runs, and its publication.
 *
 * A sweep writes into `<dir>.partial/`: runs.csv, points.csv and timeseries.csv grow by
 * appending rows in run order; `progress.json` records how many runs are done, the size of
 * each file at that moment and the sha256 of those first bytes, and is replaced atomically
 * after the files are flushed to disk (every second or so, and when the sweep stops). Whatever
 * happens (Ctrl-C, a kill, a power cut), the partial folder holds a consistent prefix: resuming
 * checks each file's recorded bytes against their sha256 (a folder changed by hand or damaged
 * on disk is refused, not published), truncates each file to its recorded size and continues
 * from the recorded run, so the result is byte for byte that of an uninterrupted sweep. When
 * every run is done the analysis files and the manifest are written and the folder is renamed
 * to `<dir>`: a folder without `.partial` is always complete.
 *
 * A lock file (`lock`, holding the process id) keeps two sweeps from writing the same folder.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { dirname, join } from "node:path";
import { isReplaceable, makeDirs, writeAll, writeFileAtomic } from "./files.js";

export const SWEEP_MANIFEST_FORMAT = "airace-sweep-manifest/1";
export const PROGRESS_FORMAT = "airace-sweep-progress/1";

export interface Progress {
  format: string;
  /** Digest of the experiment (files and base scenario) this folder belongs to. */
  digest: string;
  runs: number;
  done: number;
  sizes: Record<string, number>;
  /**
   * sha256 of each file's first `sizes[name]` bytes: what resume keeps is checked against it.
   * Absent in folders written by versions without this check: such a folder is not resumed.
   */
  sha256?: Record<string, string>;
}

export class SweepBusyError extends Error {}

/**
 * What is wrong with a progress record's shape, or undefined: it names exactly the files the
 * sweep writes (a name like ../x would make resume cut a file outside the folder), with sizes
 * that are whole numbers of bytes and digests that are sha256s, and a count of runs done
 * within the sweep's.
 */
function progressProblem(progress: Progress, recorded: Record<string, unknown>, files: readonly string[]): string | undefined {
  const sizes: unknown = progress.sizes;
  if (typeof sizes !== "object" || sizes === null) return "records no file sizes";
  const same = (names: string[]) => names.length === files.length && files.every((f) => names.includes(f));
  if (!same(Object.keys(sizes)) || !same(Object.keys(recorded))) return `does not record exactly the files ${files.join(", ")}`;
  for (const f of files) {
    const size: unknown = (sizes as Record<string, unknown>)[f];
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return `records a size of ${f} that is not a number of bytes`;
    const hash = recorded[f];
    if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return `records a digest of ${f} that is not a sha256`;
  }
  if (!Number.isSafeInteger(progress.runs) || !Number.isSafeInteger(progress.done) || progress.done < 0 || progress.done > progress.runs) return "records a count of runs done that is not one";
  return undefined;
}

/**
 * One digest for a sweep's data: the sha256 of its files' "<sha256>  <name>" lines (as
 * sha256sum prints them), sorted by name, leaving out manifest.json (which holds times). Equal
 * digests mean byte-identical data files, however the sweep was run (one machine or shards).
 */
export function dataDigest(files: Readonly<Record<string, { sha256: string }>>): string {
  const lines = Object.keys(files)
    .filter((name) => name !== "manifest.json")
    .sort()
    .map((name) => `${files[name]!.sha256}  ${name}\n`);
  return createHash("sha256").update(lines.join(""), "utf8").digest("hex");
}

/** Whether a process of this machine still runs (for locks and leftovers of killed runs). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class SweepFolder {
  private readonly fds = new Map<string, number>();
  /**
   * Running sha256 of each file's bytes up to its size in `progress.sizes`: a commit records a
   * copy's digest, so a batch costs the hashing of its own bytes only, never the file's again.
   */
  private readonly hashes = new Map<string, Hash>();
  private lastCommit = 0;
  /**
   * Whether flushing the files failed once: rows written since the last record may not be on
   * disk, and Linux reports a write-back error to one fsync only (a second one succeeds), so
   * no later record may be trusted; the last progress.json stands.
   */
  private flushFailed = false;

  private constructor(
    readonly dir: string,
    readonly partial: string,
    readonly files: readonly string[],
    readonly progress: Progress,
  ) {}

  static partialOf(dir: string): string {
    return `${dir}.partial`;
  }

  /** Whether an unfinished sweep waits in `<dir>.partial`, and how far it got. */
  static pending(dir: string): Progress | undefined {
    const p = join(SweepFolder.partialOf(dir), "progress.json");
    if (!existsSync(p)) return undefined;
    try {
      const progress = JSON.parse(readFileSync(p, "utf8")) as Progress;
      return progress.format === PROGRESS_FORMAT ? progress : undefined;
    } catch {
      return undefined;
    }
  }

  /** Starts a new partial folder (replacing an old partial one of ours). */
  static create(dir: string, digest: string, runs: number, headers: ReadonlyMap<string, string>): SweepFolder {
    const partial = SweepFolder.partialOf(dir);
    if (existsSync(partial)) {
      if (!existsSync(join(partial, "progress.json"))) throw new SweepBusyError(`${partial} exists and is not a sweep folder of ours; remove it or choose another --out`);
      SweepFolder.lockOrFail(partial);
      rmSync(partial, { recursive: true, force: true });
    }
    makeDirs(partial);
    SweepFolder.lockOrFail(partial);
    const sizes: Record<string, number> = {};
    const hashes = new Map<string, Hash>();
    for (const [name, header] of headers) {
      const bytes = Buffer.from(header, "utf8");
      writeFileSync(join(partial, name), bytes);
      sizes[name] = bytes.length;
      hashes.set(name, createHash("sha256").update(bytes));
    }
    const progress: Progress = { format: PROGRESS_FORMAT, digest, runs, done: 0, sizes };
    const folder = new SweepFolder(dir, partial, [...headers.keys()], progress);
    for (const [name, hash] of hashes) folder.hashes.set(name, hash);
    folder.open();
    folder.writeProgress();
    return folder;
  }

  /**
   * Reopens a partial folder where its progress file says it stopped (truncating any excess),
   * once each file's recorded bytes match their recorded sha256: a folder whose kept rows were
   * changed (by hand, a tool, a damaged disk) is refused, and left as it is, rather than
   * finished and published with rows the sweep did not compute. This reads every kept byte
   * once (a few seconds per GB of time series); the sweep then goes on from these hashes.
   */
  static resume(dir: string, digest: string, files: readonly string[]): SweepFolder {
    const partial = SweepFolder.partialOf(dir);
    const progress = SweepFolder.pending(dir);
    if (progress === undefined) throw new SweepBusyError(`nothing to resume in ${partial}`);
    if (progress.digest !== digest) {
      throw new SweepBusyError(`${partial} belongs to a different version of this experiment (its files or scenario changed); start over with --force`);
    }
    const recorded = progress.sha256;
    if (typeof recorded !== "object" || recorded === null) {
      throw new SweepBusyError(`${partial} was written by an older version of airace, which did not record the digests that resume checks the kept rows against; start over with --force`);
    }
    const bad = progressProblem(progress, recorded, files);
    if (bad !== undefined) throw new SweepBusyError(`${partial}/progress.json ${bad}: it was changed by hand; start over with --force`);
    SweepFolder.lockOrFail(partial);
    const folder = new SweepFolder(dir, partial, Object.keys(progress.sizes), progress);
    try {
      for (const name of folder.files) {
        const path = join(partial, name);
        const size = progress.sizes[name] as number;
        if (!existsSync(path) || statSync(path).size < size) {
          throw new SweepBusyError(`${path} is shorter than its recorded progress: the folder was changed by hand; start over with --force`);
        }
        const hash = hashPrefix(path, size);
        if (hash.copy().digest("hex") !== recorded[name]) {
          throw new SweepBusyError(
            `${path} was changed after the sweep wrote it (its first ${size} bytes, the rows recorded in progress.json, no longer match their sha256): resuming would publish rows the sweep did not compute; start over with --force`,
          );
        }
        folder.hashes.set(name, hash);
      }
    } catch (e) {
      // refused: the folder stays as found, but not locked by a process that gives up on it
      rmSync(join(partial, "lock"), { force: true });
      throw e;
    }
    folder.open();
    for (const name of folder.files) ftruncateSync(folder.fds.get(name) as number, progress.sizes[name] as number);
    return folder;
  }

  /** Takes the folder's lock (created exclusively); a lock left by a dead process is taken over. */
  private static lockOrFail(partial: string): void {
    const lock = join(partial, "lock");
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(lock, String(process.pid), { flag: "wx" });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const pid = Number(readFileSync(lock, "utf8"));
      if (pid === process.pid) return;
      if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) throw new SweepBusyError(`another sweep (process ${pid}) is writing ${partial}`);
      unlinkSync(lock);
    }
    throw new SweepBusyError(`cannot take the lock of ${partial}: another sweep is starting there`);
  }

  private open(): void {
    for (const name of this.files) this.fds.set(name, openSync(join(this.partial, name), "r+"));
  }

  /** Reads runs.csv's data rows up to the recorded size, in chunks (for rebuilding summaries). */
  forEachRow(name: string, visit: (line: string) => void): void {
    const fd = this.fds.get(name) as number;
    const size = this.progress.sizes[name] as number;
    const buf = Buffer.alloc(1 << 20);
    let pos = 0;
    let rest = "";
    let header = true;
    while (pos < size) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n <= 0) break;
      pos += n;
      const text = rest + buf.toString("utf8", 0, n);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (header) header = false;
        else visit(line);
      }
    }
  }

  /**
   * Appends one batch's rows (in run order) to the files, then records that `done` runs are
   * written (see commit). All or nothing: when an append fails (a full disk, a file-size
   * limit), the recorded sizes go back to where the batch began and `done` keeps its previous
   * value, so the progress record never counts rows that are not all on disk; the error is
   * rethrown. Bytes a failed append left beyond the recorded sizes are cut off on resume.
   * Empty texts are skipped (a file the folder does not have may be given one).
   */
  appendBatch(done: number, rows: ReadonlyArray<readonly [name: string, text: string]>): void {
    const sizes = this.progress.sizes;
    const before = { ...sizes };
    const written: Array<readonly [Hash, Buffer]> = [];
    try {
      for (const [name, text] of rows) {
        const buf = this.append(name, text);
        if (buf !== undefined) written.push([this.hashes.get(name) as Hash, buf]);
      }
    } catch (e) {
      for (const name of this.files) sizes[name] = before[name] as number;
      throw e;
    }
    // like the sizes, the running hashes take a batch only once all its rows are written
    for (const [hash, buf] of written) hash.update(buf);
    this.commit(done);
  }

  /** Writes `text` at the end of file `name`'s recorded bytes; returns the bytes written. */
  private append(name: string, text: string): Buffer | undefined {
    if (text === "") return undefined;
    const fd = this.fds.get(name);
    if (fd === undefined) throw new Error(`sweep folder has no file ${name}`);
    const buf = Buffer.from(text, "utf8");
    const at = this.progress.sizes[name] as number;
    writeAll(fd, buf, at);
    this.progress.sizes[name] = at + buf.length;
    return buf;
  }

  /**
   * Records that `done` runs are written: flushes the files, then replaces progress.json (at
   * most once a second unless `force`; `progress.done` is always the last count recorded).
   */
  commit(done: number, force = false): void {
    this.progress.done = done;
    if (this.flushFailed) return;
    const now = performance.now();
    if (!force && now - this.lastCommit < 1000) return;
    this.lastCommit = now;
    try {
      for (const fd of this.fds.values()) fsyncSync(fd);
    } catch (e) {
      this.flushFailed = true;
      throw e;
    }
    this.writeProgress();
  }

  private writeProgress(): void {
    // the digests of exactly the sizes recorded beside them, in one file replaced atomically,
    // so that a crash never leaves sizes and digests of two different commits
    const sha256: Record<string, string> = {};
    for (const name of this.files) sha256[name] = (this.hashes.get(name) as Hash).copy().digest("hex");
    this.progress.sha256 = sha256;
    writeFileAtomic(join(this.partial, "progress.json"), JSON.stringify(this.progress, null, 2) + "\n");
  }

  /** Closes the files (the folder stays partial: resumable). */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    const lock = join(this.partial, "lock");
    if (existsSync(lock)) unlinkSync(lock);
  }

  /** sha256 and size of a data file, read in chunks. */
  digestOf(name: string): { sha256: string; bytes: number } {
    const path = join(this.partial, name);
    const hash = createHash("sha256");
    const fd = openSync(path, "r");
    const buf = Buffer.alloc(1 << 20);
    let bytes = 0;
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, bytes);
        if (n <= 0) break;
        hash.update(buf.subarray(0, n));
        bytes += n;
      }
    } finally {
      closeSync(fd);
    }
    return { sha256: hash.digest("hex"), bytes };
  }

  /** Writes the last files, removes the progress file and renames the folder into place. */
  publish(extra: ReadonlyMap<string, string>, manifest: (files: Record<string, { sha256: string; bytes: number }>) => string, force: boolean): void {
    // the destination first: until the rename, the partial folder stays resumable
    if (existsSync(this.dir)) {
      if (!force) throw new SweepBusyError(`${this.dir} already exists; use --force to replace it or --out to choose another folder (the finished runs wait in ${this.partial}: add --resume)`);
      if (!isReplaceable(this.dir) && !isSweepFolder(this.dir)) throw new SweepBusyError(`${this.dir} exists and is not an airace results folder; --force replaces only results folders`);
    }
    for (const fd of this.fds.values()) fsyncSync(fd);
    for (const [name, text] of extra) writeFileAtomic(join(this.partial, name), text);
    const files: Record<string, { sha256: string; bytes: number }> = {};
    for (const name of [...this.files, ...extra.keys()].sort()) files[name] = this.digestOf(name);
    writeFileAtomic(join(this.partial, "manifest.json"), manifest(files));
    this.close();
    rmSync(join(this.partial, "progress.json"), { force: true });
    if (existsSync(this.dir)) {
      const old = `${this.dir}.old-${process.pid}`;
      renameSync(this.dir, old);
      renameSync(this.partial, this.dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      makeDirs(dirname(this.dir));
      renameSync(this.partial, this.dir);
    }
  }
}

/** The running sha256 of a file's first `size` bytes, read in chunks. */
function hashPrefix(path: string, size: number): Hash {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(1 << 20);
  try {
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n <= 0) throw new SweepBusyError(`${path} is shorter than its recorded progress: the folder was changed by hand; start over with --force`);
      hash.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash;
}

export function isSweepFolder(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { format?: unknown };
    return m.format === SWEEP_MANIFEST_FORMAT;
  } catch {
    return false;
  }
}
