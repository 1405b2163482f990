/**
 * Scenario files on disk. A reference is either a library name (`baseline`, resolved in the
 * scenarios/ folder) or a path. Paths in `extends` are relative to the file that writes them
 * and must stay inside the allowed folders: the folder of the scenario being run and the
 * library. Symbolic links are resolved before the check.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { didYouMean } from "../scenario/issues.js";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { SourceHost } from "../scenario/load.js";
import { decodeText, MAX_FILE_BYTES } from "../scenario/text.js";
import { LIBRARY_DIR } from "./package-info.js";
import { storedParse } from "./scenario-store.js";

const NAME = /^[a-z0-9][a-z0-9-]*$/;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

export function displayName(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : path;
}

/** Names of the YAML files of a library folder (for "did you mean"). */
export function libraryNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

export class FileHost implements SourceHost {
  private roots: string[] = [];

  constructor(
    private readonly library = LIBRARY_DIR,
    private readonly cwd = process.cwd(),
  ) {}

  resolve(ref: string, from: string | null): { id: string; display: string } | { error: string } {
    let path: string;
    if (NAME.test(ref) && !ref.endsWith(".yaml")) {
      path = resolve(this.library, `${ref}.yaml`);
      if (!existsSync(path)) return { error: `no scenario named "${ref}" in the library${didYouMean(ref, libraryNames(this.library))} (airace list shows them); for a file, write its path (./${ref}.yaml)` };
    } else {
      path = resolve(from === null ? this.cwd : dirname(from), ref);
    }
    if (from !== null && !existsSync(path) && !this.roots.some((root) => inside(root, path))) {
      return { error: `extends "${ref}" leaves the allowed folders (the scenario's own folder and the scenario library)` };
    }
    if (!existsSync(path)) return { error: `file not found: ${displayName(path, this.cwd)}` };
    let real: string;
    try {
      real = realpathSync(path);
    } catch (e) {
      return { error: `cannot read ${displayName(path, this.cwd)}: ${(e as Error).message}` };
    }
    if (from === null) {
      this.roots = [dirname(real), realpathSync(this.library)];
    } else if (!this.roots.some((root) => inside(root, real))) {
      return { error: `extends "${ref}" leaves the allowed folders (the scenario's own folder and the scenario library)` };
    }
    // a pipe (<(cat x.yaml), /dev/stdin) resolves to a name stat cannot find: not a file either
    if (!isRegularFile(real)) return { error: `${displayName(path, this.cwd)} is not a file` };
    return { id: real, display: displayName(path, this.cwd) };
  }

  read(id: string): { text: string; stored?: unknown } | { error: string; line?: number; col?: number } {
    try {
      if (statSync(id).size > MAX_FILE_BYTES) return { error: `file larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
      const bytes = readFileSync(id);
      const decoded = decodeText(bytes);
      if (!("text" in decoded)) return decoded;
      const stored = storedParse(bytes);
      return stored === undefined ? decoded : { text: decoded.text, stored };
    } catch (e) {
      return { error: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
  }
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
