import { describe, expect, it } from "vitest";
import { csvNumber, csvRow, csvText } from "../../src/report/csv.js";

describe("csv", () => {
  it("quotes per RFC 4180", () => {
    expect(csvText("plain")).toBe("plain");
    expect(csvText('a "b", c')).toBe('"a ""b"", c"');
    expect(csvText("two\nlines")).toBe('"two\nlines"');
  });

  it("neutralises formula injection", () => {
    expect(csvText("=cmd()")).toBe("'=cmd()");
    expect(csvText("+1")).toBe("'+1");
    expect(csvText("-1")).toBe("'-1");
    expect(csvText("@x")).toBe("'@x");
    expect(csvText("=a,b")).toBe(`"'=a,b"`);
  });

  it("writes numbers with . decimals and no locale", () => {
    expect(csvNumber(1234567.5)).toBe("1234567.5");
    expect(csvNumber(-0.25)).toBe("-0.25");
    expect(csvNumber(Number.NaN)).toBe("");
    expect(csvRow([1, "a", 2.5])).toBe("1,a,2.5\n");
  });
});
