/** Facts about the installed tool: its folder, version and git commit (when known). */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: dist/io/ -> ../.. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LIBRARY_DIR = join(PACKAGE_ROOT, "scenarios");

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
