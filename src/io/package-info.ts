/** Facts about the installed tool: its folder, version and git commit (when known). */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the nearest folder above this module with airace's package.json. */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "airace") return dir;
    if (dirname(dir) === dir) return join(start, "..", "..");
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const LIBRARY_DIR = join(PACKAGE_ROOT, "scenarios");
export const EXPERIMENT_LIBRARY = join(LIBRARY_DIR, "experiments");

let cachedVersion: string | undefined;
export function toolVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  return cachedVersion;
}

/**
 * The commit of a `git status --porcelain=v2 --branch` output, with "-dirty" when it lists a
 * change to a tracked file (staged or not); null before the first commit ("(initial)").
 */
function commitOfStatus(status: string): string | null {
  const head = /^# branch\.oid ([0-9a-f]{40,64})$/m.exec(status)?.[1];
  if (head === undefined) return null;
  const dirty = status.split("\n").some((line) => line !== "" && !line.startsWith("#"));
  return dirty ? `${head}-dirty` : head;
}

/**
 * The commit of the git checkout that holds `dir`, with "-dirty" for local changes to tracked
 * files; null outside git, before the first commit, or without git. One `git status` gives both.
 */
export function checkoutCommit(dir: string): Promise<string | null> {
  return new Promise((resolve) => {
    // GIT_OPTIONAL_LOCKS=0: a status that runs beside the user's own git commands must not
    // take the index's lock to refresh it (git's advice for background processes). Detached:
    // a Ctrl-C at the terminal, meant for airace, must not kill git and lose the commit.
    const env = { ...process.env, GIT_OPTIONAL_LOCKS: "0" };
    const args = ["status", "--porcelain=v2", "--branch", "--untracked-files=no"];
    const opts = { cwd: dir, encoding: "utf8" as const, env, detached: true, windowsHide: true };
    execFile("git", args, opts, (error, stdout) => resolve(error === null ? commitOfStatus(stdout) : null));
  });
}

let pendingCommit: Promise<string | null> | undefined;

/**
 * The commit of the checkout the tool runs from (checkoutCommit), asked once per process: a
 * command calls this when it starts, and git answers while the command works, off its path.
 */
export function gitCommit(): Promise<string | null> {
  pendingCommit ??= checkoutCommit(PACKAGE_ROOT);
  return pendingCommit;
}
