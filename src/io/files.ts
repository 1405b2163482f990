/**
 * Nothing half-written: every file goes to a temporary name in its folder, is fsynced and
 * renamed; a results folder is assembled under a temporary name and renamed into place.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
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

/** Temporary folders still being assembled, removed if the process is interrupted. */
export const pendingDirs = new Set<string>();

/** The `format` a manifest declares, identifying folders this tool wrote. */
export const MANIFEST_FORMAT = "airace-run-manifest/1";
/** The `format` of a report folder's manifest (`airace report`). */
export const REPORT_FORMAT = "airace-report/1";

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
  mkdirSync(dirname(target), { recursive: true });
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
