/**
 * Parses of the library's scenario files, made when the tool is built and kept beside it
 * (dist/scenario-store/<sha256 of the file>.json), so that a command that reads one of them
 * (`airace run baseline`, or any file that extends it) need not parse its YAML again: the yaml
 * package takes about a tenth of a second for the baseline's 73 kB, longer than the run.
 *
 * A stored parse is found by the SHA-256 of the file's bytes, so a file that differs by one
 * byte is parsed as usual; it is what parseLocated gave for those bytes (src/scenario/located.ts,
 * storeParse and restoreParse), and a store that cannot be read or is damaged is passed over.
 * Run from src/ (the tests), the store's folder (src/scenario-store) does not exist and every
 * file is parsed.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLocated, storeParse } from "../scenario/located.js";
import { decodeText } from "../scenario/text.js";

/** The store beside the built tool: dist/scenario-store when this module runs from dist/. */
export const SCENARIO_STORE = fileURLToPath(new URL("../scenario-store/", import.meta.url));

function storeName(bytes: Uint8Array): string {
  return `${createHash("sha256").update(bytes).digest("hex")}.json`;
}

/** The stored parse of a file with these bytes, as JSON data (restoreParse checks it), or undefined. */
export function storedParse(bytes: Uint8Array, store = SCENARIO_STORE): unknown {
  try {
    return JSON.parse(readFileSync(join(store, storeName(bytes)), "utf8")) as unknown;
  } catch {
    // none (the usual case for a user's file), or unreadable: the file is parsed
    return undefined;
  }
}

/**
 * Stores the parse of every scenario file (.yaml) of `library` in `store`, replacing what it
 * held; a file that does not parse cleanly is left out. Returns the names of the files stored.
 */
export function writeScenarioStore(library: string, store = SCENARIO_STORE): string[] {
  rmSync(store, { recursive: true, force: true });
  mkdirSync(store, { recursive: true });
  const stored: string[] = [];
  for (const file of readdirSync(library).filter((f) => f.endsWith(".yaml")).sort()) {
    const bytes = readFileSync(join(library, file));
    const decoded = decodeText(bytes);
    if (!("text" in decoded)) continue;
    const parse = storeParse(parseLocated(decoded.text, file));
    if (parse === undefined) continue;
    const target = join(store, storeName(bytes));
    writeFileSync(`${target}.tmp`, JSON.stringify(parse));
    renameSync(`${target}.tmp`, target);
    stored.push(file);
  }
  return stored;
}
