/**
 * Stored parses of the library's scenarios (src/io/scenario-store.ts): restored, a stored parse
 * is what parsing the file gives, value, key order and every position; a store that is absent,
 * damaged or of another file is passed over; and the loader gives the same scenario either way.
 */
import fc from "fast-check";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { FileHost } from "../../src/io/host.js";
import { LIBRARY_DIR } from "../../src/io/package-info.js";
import { SCENARIO_STORE, storedParse, writeScenarioStore } from "../../src/io/scenario-store.js";
import type { LocatedParse } from "../../src/scenario/located.js";
import { metaOf, parseLocated, restoreParse, storeParse } from "../../src/scenario/located.js";
import { loadScenario } from "../../src/scenario/load.js";
import { decodeText } from "../../src/scenario/text.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "airace-store-"));
  dirs.push(d);
  return d;
}

/** Every collection's positions, in order, as plain data (value and positions both compared). */
function located(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const meta = metaOf(value);
  if (Array.isArray(value)) return { meta: meta && { self: meta.self, items: meta.items }, items: value.map(located) };
  const record = value as Record<string, unknown>;
  return {
    meta: meta && { self: meta.self, keys: [...meta.keys] },
    order: Object.keys(record),
    entries: Object.keys(record).map((k) => [k, located(record[k])]),
  };
}

/** Through JSON, as the store keeps it. */
const kept = (p: LocatedParse): unknown => JSON.parse(JSON.stringify(storeParse(p))) as unknown;

const libraryFiles = readdirSync(LIBRARY_DIR).filter((f) => f.endsWith(".yaml"));

describe("stored scenario parses", () => {
  it("restore every library scenario as parsing it does: the same values, key order and positions", () => {
    expect(libraryFiles.length).toBeGreaterThan(10);
    for (const file of libraryFiles) {
      const text = readFileSync(join(LIBRARY_DIR, file), "utf8");
      const fresh = parseLocated(text, `scenarios/${file}`);
      const restored = restoreParse(kept(parseLocated(text, "elsewhere")), `scenarios/${file}`);
      expect(restored, file).toBeDefined();
      expect(located(restored?.value), file).toEqual(located(fresh.value));
      expect(restored?.issues).toEqual([]);
    }
  });

  it("restore any document that parses cleanly, or keep none where JSON would change a value", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constant(-0))), (doc) => {
        const fresh = parseLocated(stringify(doc), "f.yaml");
        const stored = storeParse(fresh);
        // (the parse reads "-0" as the integer 0, and "-0.0" as -0)
        let minusZero = false;
        JSON.stringify(fresh.value, (_k, v: unknown) => {
          if (Object.is(v, -0)) minusZero = true;
          return v;
        });
        if (fresh.issues.length > 0 || minusZero) {
          expect(stored).toBeUndefined();
        } else {
          expect(located(restoreParse(kept(fresh), "f.yaml")?.value)).toEqual(located(fresh.value));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keep nothing of a parse with issues, nor of one holding -0, which JSON would make 0", () => {
    expect(storeParse(parseLocated("a: 1\na: 2\n", "f.yaml"))).toBeUndefined();
    expect(storeParse(parseLocated("a: [1, -0.0]\n", "f.yaml"))).toBeUndefined();
    expect(storeParse(parseLocated("a: [1, 0.0]\n", "f.yaml"))).toBeDefined();
  });

  it("pass over what is not a stored parse of that value", () => {
    const good = kept(parseLocated("a: { b: [1, { c: 2 }] }\nd: x\n", "f.yaml")) as { format: number; value: Record<string, unknown>; meta: { keys: unknown[][] } };
    expect(restoreParse(good, "f.yaml")).toBeDefined();
    const damaged = (change: (s: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return restoreParse(copy, "f.yaml");
    };
    expect(damaged((s) => (s.format = 2))).toBeUndefined();
    expect(damaged((s) => (s.value["extra"] = 1))).toBeUndefined();
    expect(damaged((s) => delete s.value["d"])).toBeUndefined();
    expect(damaged((s) => (s.value["d"] = { x: 1 }))).toBeUndefined();
    expect(damaged((s) => ((s.value["a"] as Record<string, unknown>)["b"] = [1]))).toBeUndefined();
    expect(damaged((s) => (s.meta.keys[0]![1] = "3"))).toBeUndefined();
    expect(damaged((s) => (s.meta.keys[0]![0] = "z"))).toBeUndefined();
    for (const bad of [null, 1, "x", [], { format: 1 }, { format: 1, value: {}, meta: null }]) expect(restoreParse(bad, "f.yaml")).toBeUndefined();
  });

  it("are found by the file's bytes alone, and a damaged store is passed over", () => {
    const library = tempDir();
    const store = join(tempDir(), "store");
    writeFileSync(join(library, "a.yaml"), "name: a\nlist: [1, 2]\n");
    writeFileSync(join(library, "bad.yaml"), "name: a\nname: b\n");
    writeFileSync(join(library, "notes.txt"), "not a scenario\n");
    expect(writeScenarioStore(library, store)).toEqual(["a.yaml"]);
    expect(readdirSync(store)).toHaveLength(1);
    const bytes = readFileSync(join(library, "a.yaml"));
    expect(restoreParse(storedParse(bytes, store), "a.yaml")?.value).toEqual({ name: "a", list: [1, 2] });
    expect(storedParse(Buffer.from("name: a\nlist: [1, 3]\n"), store)).toBeUndefined();
    expect(storedParse(bytes, join(store, "missing"))).toBeUndefined();
    writeFileSync(join(store, readdirSync(store)[0]!), "{ damaged");
    expect(storedParse(bytes, store)).toBeUndefined();
  });

  it("is not used by the tests, which run from src/ (where no store is built)", () => {
    expect(SCENARIO_STORE).toMatch(/src[\\/]scenario-store[\\/]?$/);
    expect(storedParse(readFileSync(join(LIBRARY_DIR, "baseline.yaml")))).toBeUndefined();
  });

  it("give the loader the same scenario as parsing the files, and errors at the same places", () => {
    const store = join(tempDir(), "store");
    writeScenarioStore(LIBRARY_DIR, store);
    // a host that reads the library's files with their stored parses
    class StoredHost extends FileHost {
      override read(id: string): ReturnType<FileHost["read"]> {
        const bytes = readFileSync(id);
        const decoded = decodeText(bytes);
        if (!("text" in decoded)) return decoded;
        return { text: decoded.text, stored: storedParse(bytes, store) };
      }
    }
    const used: string[] = [];
    class CountingHost extends StoredHost {
      override read(id: string): ReturnType<FileHost["read"]> {
        const r = super.read(id);
        if ("stored" in r && r.stored !== undefined) used.push(id);
        return r;
      }
    }
    for (const name of ["baseline", "taiwan-blockade", "classroom"]) {
      const fresh = loadScenario(new FileHost(), name);
      const fromStore = loadScenario(new CountingHost(), name);
      expect(fresh.ok && fromStore.ok, name).toBe(true);
      if (fresh.ok && fromStore.ok) expect(stringify(fromStore.value.resolved)).toBe(stringify(fresh.value.resolved));
    }
    expect(used.length).toBeGreaterThanOrEqual(3);
    // an error in a value the stored baseline supplies points at its line in baseline.yaml
    const dir = tempDir();
    // (without Taiwan, the baseline's fabs there name an unknown country)
    writeFileSync(join(dir, "mine.yaml"), "extends: baseline\nname: mine\ncountries:\n  - { id: TW, remove: true }\n");
    const a = loadScenario(new FileHost(), join(dir, "mine.yaml"));
    const b = loadScenario(new StoredHost(), join(dir, "mine.yaml"));
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.issues.map((i) => i.pos.file)).toEqual(a.issues.map(() => expect.stringMatching(/baseline\.yaml$/)));
    if (!a.ok) expect(a.issues.length).toBeGreaterThan(1);
    expect(b).toEqual(a);
  });
});
