/**
 * Every file in test/fixtures/invalid/ must be rejected with exit code 2, the position and the
 * words its first line announces, no stack trace, and no results folder.
 *
 * First line of a fixture:  # expect: [file:]line:col | phrase | phrase ...
 *
 * The built CLI checks them all in one `airace validate` (as a user checks a folder of files),
 * and runs a tenth of them (`airace run` on each); every fixture's messages for `run` are
 * checked in-process, through the function the command loads its scenario with, rather than by
 * starting a process for each of the fifty.
 */
import { readdirSync, readdirSync as ls, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError, EXIT } from "../../src/cli/exit.js";
import { loadOrFail } from "../../src/cli/load.js";
import { ROOT } from "../helpers/scenarios.js";
import { airace, tempDir } from "./cli.js";

const DIR = join(ROOT, "test", "fixtures", "invalid");
const fixtures = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

interface Expected {
  /** The file the first error is in, the fixture itself unless the line names another. */
  file: string;
  line: string;
  col: string;
  phrases: string[];
}

function expected(name: string): Expected {
  const text = readFileSync(join(DIR, name), "utf8");
  const m = /^# expect: (?:(\S+):)?(\d+):(\d+) \|(.*)$/m.exec(text.split("\n")[0] ?? "");
  expect(m, `${name} must start with "# expect: line:col | phrase ..."`).not.toBeNull();
  const [, file, line, col, rest] = m!;
  return { file: join(DIR, file ?? name), line: line!, col: col!, phrases: rest!.split("|").map((p) => p.trim()).filter(Boolean) };
}

/** The error lines of `stderr` that start at the expected place (the file named as the command names it). */
function linesAt(stderr: string, e: Expected, fileAs: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith(`${fileAs}:${e.line}:${e.col}`));
}

describe("invalid scenario files", () => {
  it("has at least 20 of them", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)("%s: run refuses it with its documented error first", (name) => {
    const e = expected(name);
    let lines: readonly string[] = [];
    try {
      loadOrFail(join(DIR, name));
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).code).toBe(EXIT.input);
      lines = (err as CliError).lines;
    }
    // in-process, files are named relative to the folder the tests run in, as the CLI names them
    const where = `${relative(process.cwd(), e.file)}:${e.line}:${e.col}`;
    const first = lines.find((l) => l.startsWith(where));
    expect(first, `expected a line starting ${where} in:\n${lines.join("\n")}`).toBeDefined();
    for (const p of e.phrases) expect(first).toContain(p);
    expect(lines.at(-1)).toMatch(/nothing was run\.$/);
  });

  it("airace validate refuses them all at once, each with its documented error", () => {
    const cwd = tempDir();
    const r = airace(["validate", ...fixtures.map((f) => join(DIR, f))], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${fixtures.length} of ${fixtures.length} files invalid.`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const name of fixtures) {
      const e = expected(name);
      const found = linesAt(r.stderr, e, e.file).filter((l) => e.phrases.every((p) => l.includes(p)));
      expect(found, `${name}: expected a line starting ${e.file}:${e.line}:${e.col} with ${e.phrases.join(", ")}`).not.toEqual([]);
    }
    expect(ls(cwd)).toEqual([]);
  });

  it.each(fixtures.filter((_, i) => i % 10 === 0))("airace run %s: exit code 2, its error, no stack trace, nothing written", (name) => {
    const e = expected(name);
    const cwd = tempDir();
    const r = airace(["run", join(DIR, name), "--seed", "1"], cwd);
    expect(r.code, r.stderr).toBe(2);
    const first = linesAt(r.stderr, e, e.file)[0];
    expect(first, `expected a line starting ${e.file}:${e.line}:${e.col} in:\n${r.stderr}`).toBeDefined();
    for (const p of e.phrases) expect(first).toContain(p);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(ls(cwd)).toEqual([]);
  });
});
