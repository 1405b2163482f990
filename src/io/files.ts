/**
 * Nothing half-written: every file goes to a temporary name in its folder, is fsynced and
 * renamed; a results folder is assembled under a temporary name and renamed into place.
 */
import { accessSync, closeSync, constants, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";

let counter = 0;
function tempName(target: string): string {
  counter++;
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${counter}`);
}

/**
 * Writes all of `bytes` to `fd` (at `position`, or at the file's offset): a write may take only
 * part of them (a nearly full disk), so the rest follows until done or until a write fails.
 */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, position === undefined ? null : position + at);
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempName(path);
  const fd = openSync(tmp, "w", 0o644);
  try {
    try {
      writeAll(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot open a directory for fsync; the renames are still atomic.
  }
}

/**
 * File systems that are not storage (Linux statfs magic numbers): the kernel's views of
 * processes, devices and settings. Node's recursive mkdir loops forever under /proc, and a
 * file written there is not a result anyone can read back.
 */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0xcafe4a11, "bpf"],
  [0x6165676c, "pstore"],
  [0x62656570, "configfs"],
  [0x1cd1, "devpts"],
  [0x65735543, "fusectl"],
  [0x42494e4d, "binfmt_misc"],
  [0x19800202, "mqueue"],
  [0xde5e81e4, "efivarfs"],
  [0xf97cff8c, "selinuxfs"],
  [0x6e736673, "nsfs"],
]);

/**
 * Why results cannot be written at `target` (a folder, or with `file` a file, to be created or
 * replaced), or undefined. Checked by every command before any work: the nearest existing
 * folder on the way must be a folder (not a file), on a file system that stores files, and
 * writable.
 */
export function outputProblem(target: string, file = false, flag = "--out"): string | undefined {
  // resolve("") is the current folder: an empty --out (a shell variable unset) would write there
  if (target.trim() === "") return `${flag} is empty: give ${file ? "a file name" : "a folder"}`;
  const full = resolve(target);
  let at = full;
  for (;;) {
    let isDir: boolean;
    let isFile: boolean;
    try {
      const st = statSync(at);
      isDir = st.isDirectory();
      isFile = st.isFile();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && isLink(at)) return `${at} is a symbolic link to nothing, so ${target} cannot be made: choose another ${flag}`;
      // ENOTDIR: a file on the way, found as the walk goes up
      if (code === "ENOENT" || code === "ENOTDIR") {
        const up = dirname(at);
        if (up === at) return `${target}: no folder on the way exists`;
        at = up;
        continue;
      }
      return `cannot use ${target}: ${code ?? (e as Error).message}`;
    }
    if (at === full) {
      if (file && isDir) return `${target} is a folder; give a file name`;
      // a device or a pipe would be replaced by the file (/dev/null by a CSV, as root), and so
      // would a symbolic link, the file being renamed over it (/dev/stdout, /proc/self/fd/1)
      if (file && !isFile) return `${target} exists and is not a regular file (a device or a pipe?): choose another ${flag}`;
      if (file && isLink(full)) return `${target} is a symbolic link, which the file would replace: give the path of the file itself`;
      if (!file && !isDir) return `${target} exists and is a file, not a folder: choose another ${flag}`;
    } else if (!isDir) {
      return `${at} is a file, not a folder, so ${target} cannot be made: choose another ${flag}`;
    }
    break;
  }
  let fsType: number | undefined;
  try {
    fsType = statfsSync(at).type;
  } catch {
    // statfs is missing on some platforms: the checks below and the writes themselves remain
  }
  const special = fsType === undefined ? undefined : SPECIAL_FILE_SYSTEMS.get(fsType);
  if (special !== undefined) return `${target} is on the ${special} file system, which holds no files: choose a folder on a disk`;
  // new entries are made in the nearest existing folder, or beside the target when it exists
  const parent = at === full ? dirname(full) : at;
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch (e) {
    return `cannot write in ${parent}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  return undefined;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Makes `dir` and any missing folder above it, one level at a time: Node's recursive mkdir
 * loops forever where a mkdir fails with ENOENT although the parent exists (under /proc), so
 * this never retries a level, and a failure is thrown as it is.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); ) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/** Temporary folders still being assembled, removed if the process is interrupted. */
export const pendingDirs = new Set<string>();

/** The `format` a manifest declares, identifying folders this tool wrote. */
export const MANIFEST_FORMAT = "airace-run-manifest/1";
/** The `format` of a report folder's manifest (`airace report`). */
export const REPORT_FORMAT = "airace-report/1";

/**
 * Whether `dir` holds a report this tool wrote (its manifest says so), or is an empty folder:
 * the only folders a report replaces. A run's or a sweep's folder is never one, even with
 * --out pointing at it: its data would be lost for a report.
 */
export function isReportFolder(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    const entries = readdirSync(dir);
    if (entries.length === 0) return true;
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { format?: unknown; files?: Record<string, unknown> };
    if (manifest.format !== REPORT_FORMAT || typeof manifest.files !== "object" || manifest.files === null) return false;
    // and nothing else: results put inside a report folder (a run with --out R/report/mine) go with it
    const listed = new Set(Object.keys(manifest.files));
    return entries.every((name) => name === "manifest.json" || (listed.has(name) && lstatSync(join(dir, name)).isFile()));
  } catch {
    return false;
  }
}

/** Whether `dir` is a folder this tool wrote (its manifest says so), or an empty folder. */
export function isReplaceable(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    if (readdirSync(dir).length === 0) return true;
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { format?: unknown };
    return manifest.format === MANIFEST_FORMAT || manifest.format === REPORT_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Writes `files` into a new folder and renames it to `target`. An existing `target` is
 * replaced only with `force`, only if it is a results folder this tool wrote (or empty), and
 * only after the new folder is complete. Anything else is never deleted.
 */
export function publishFolder(target: string, files: ReadonlyMap<string, string>, force: boolean): void {
  if (existsSync(target)) {
    if (!force) throw new ExistsError(target);
    const rel = relative(resolve(target), process.cwd());
    if (rel === "" || !rel.startsWith("..")) throw new PublishError(`${target} contains the current folder; choose another --out`);
    if (!isReplaceable(target)) {
      throw new PublishError(`${target} exists and is not an airace results folder (no manifest.json of ours); --force replaces only results folders`);
    }
  }
  makeDirs(dirname(target));
  const tmp = tempName(target);
  pendingDirs.add(tmp);
  try {
    mkdirSync(tmp);
    for (const [name, data] of files) writeFileAtomic(join(tmp, name), data);
    fsyncDir(tmp);
    if (existsSync(target)) {
      const old = tempName(target);
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
    fsyncDir(dirname(target));
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    pendingDirs.delete(tmp);
  }
}

/** The results cannot be published where asked: bad input, not a bug. */
export class PublishError extends Error {}

export class ExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; use --force to replace it or --out to choose another folder`);
  }
}

export function removePending(): void {
  for (const dir of pendingDirs) rmSync(dir, { recursive: true, force: true });
  pendingDirs.clear();
}
