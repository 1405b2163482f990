/**
 * Every file in test/fixtures/invalid/ must be rejected by the built CLI with exit code 2,
 * the position and the words its first line announces, no stack trace, and no results folder.
 *
 * First line of a fixture:  # expect: [file:]line:col | phrase | phrase ...
 */
import { readdirSync, readdirSync as ls, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/scenarios.js";
import { airace, tempDir } from "./cli.js";

const DIR = join(ROOT, "test", "fixtures", "invalid");
const fixtures = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

describe("invalid scenario files", () => {
  it("has at least 20 of them", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)("%s is rejected with its documented error", (name) => {
    const text = readFileSync(join(DIR, name), "utf8");
    const m = /^# expect: (?:(\S+):)?(\d+):(\d+) \|(.*)$/m.exec(text.split("\n")[0] ?? "");
    expect(m, `${name} must start with "# expect: line:col | phrase ..."`).not.toBeNull();
    const [, file, line, col, rest] = m!;
    const phrases = rest!.split("|").map((p) => p.trim()).filter(Boolean);
    const cwd = tempDir();
    for (const command of [["run", join(DIR, name), "--seed", "1"], ["validate", join(DIR, name)]]) {
      const r = airace(command, cwd);
      expect(r.code, r.stderr).toBe(2);
      const where = `${join(DIR, file ?? name)}:${line}:${col}`;
      const first = r.stderr.split("\n").find((l) => l.startsWith(where));
      expect(first, `expected a line starting ${where} in:\n${r.stderr}`).toBeDefined();
      for (const p of phrases) expect(first).toContain(p);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(ls(cwd)).toEqual([]);
    }
  });
});
