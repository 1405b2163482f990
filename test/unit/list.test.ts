/** `airace list` reads each library file's title line, quoted or not, and nothing else. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { titleLine } from "../../src/cli/list.js";
import { FileHost } from "../../src/io/host.js";
import { LIBRARY_DIR } from "../../src/io/package-info.js";
import { loadScenario } from "../../src/scenario/load.js";

describe("airace list", () => {
  it("reads a title line as YAML reads it", () => {
    expect(titleLine('name: x\ntitle: "Taiwan blockade: two years"\n')).toBe("Taiwan blockade: two years");
    expect(titleLine("title: plain words, with a comma\n")).toBe("plain words, with a comma");
    expect(titleLine("title: 'it''s quoted'\n")).toBe("it's quoted");
    expect(titleLine('title: "escaped \\"quote\\""  # a comment\n')).toBe('escaped "quote"');
    // not at the top level, missing, empty or not a string: no title
    expect(titleLine("events:\n  - title: an event\n")).toBeUndefined();
    expect(titleLine("name: x\n")).toBeUndefined();
    expect(titleLine("title:\n")).toBeUndefined();
    expect(titleLine('title: "unclosed\n')).toBeUndefined();
  });

  it("gives every library scenario the title that loading it gives", () => {
    for (const f of readdirSync(LIBRARY_DIR).filter((n) => n.endsWith(".yaml"))) {
      const r = loadScenario(new FileHost(), join(LIBRARY_DIR, f));
      expect(r.ok, f).toBe(true);
      if (r.ok) expect(titleLine(readFileSync(join(LIBRARY_DIR, f), "utf8")), f).toBe(r.value.scenario.title);
    }
  });
});
