/** Facts about the installed tool: its folder, version and git commit (when known). */
import { execFileSync } from "node:child_process";
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

/** The commit of the checkout the tool runs from, with "-dirty" for local changes; null outside git. */
export function gitCommit(): string | null {
  try {
    const opts = { cwd: PACKAGE_ROOT, encoding: "utf8" as const, stdio: ["ignore", "pipe", "ignore"] as ["ignore", "pipe", "ignore"] };
    const head = execFileSync("git", ["rev-parse", "HEAD"], opts).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], opts).trim() !== "";
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}
