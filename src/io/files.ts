/**
 * Nothing half-written: every file goes to a temporary name in its folder, is fsynced and
 * renamed; a results folder is assembled under a temporary name and renamed into place.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

let counter = 0;
function tempName(target: string): string {
  counter++;
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${counter}`);
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempName(path);
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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

/**
 * Writes `files` into a new folder and renames it to `target`. An existing `target` is
 * replaced only with `force`, and then only after the new folder is complete.
 */
export function publishFolder(target: string, files: ReadonlyMap<string, string>, force: boolean): void {
  if (existsSync(target) && !force) throw new ExistsError(target);
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

export class ExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; use --force to replace it or --out to choose another folder`);
  }
}

export function removePending(): void {
  for (const dir of pendingDirs) rmSync(dir, { recursive: true, force: true });
  pendingDirs.clear();
}
