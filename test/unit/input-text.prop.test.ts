/**
 * Input text and messages: strict UTF-8 decoding agrees with the platform's fatal decoder and
 * says where the first bad byte is; characters YAML forbids are found with their position; an
 * alias to no anchor is an issue, not a crash; suggestions and quotes stay bounded for
 * megabyte keys.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closest, formatIssue, MAX_MESSAGE_LENGTH, MAX_PATH_LENGTH, MAX_SUGGESTION_LENGTH, quoted } from "../../src/scenario/issues.js";
import { parseLocated } from "../../src/scenario/located.js";
import { decodeText, lineColOf, nonPrintable, validUtf8Prefix } from "../../src/scenario/text.js";

const fatal = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe("strict UTF-8 decoding", () => {
  it("accepts exactly what a fatal TextDecoder accepts, and the valid prefix decodes (property)", () => {
    // bytes biased toward the lead and continuation ranges, where the edge cases are
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.constantFrom(0xe0, 0xed, 0xf0, 0xf4, 0xa0, 0x9f, 0x90, 0x8f));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (arr) => {
        const bytes = Uint8Array.from(arr);
        const valid = validUtf8Prefix(bytes);
        expect(valid === bytes.length).toBe(fatal(bytes));
        expect(fatal(bytes.subarray(0, valid))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("accepts every string's UTF-8 encoding (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const bytes = new TextEncoder().encode(s);
        expect(validUtf8Prefix(bytes)).toBe(bytes.length);
      }),
    );
  });

  it("refuses a Latin-1 byte beside a real U+FFFD, at its line and column", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("a: 1\nb: \uFFFD "), 0xe9, 0x0a]);
    expect(decodeText(bytes)).toEqual({ error: expect.stringMatching(/^the file is not valid UTF-8 text: byte 0xE9/), line: 2, col: 6 });
    expect(decodeText(new TextEncoder().encode("b: \uFFFD\n"))).toEqual({ text: "b: \uFFFD\n" });
  });

  it("drops a byte order mark and refuses NUL, DEL and C1 controls but keeps tab, CR, LF and NEL", () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "a" });
    expect(nonPrintable("a:\t1\r\nb: \u0085 \u00a0")).toBeUndefined();
    expect(nonPrintable("a: 1\nb: x\u0000")).toEqual({ error: expect.stringContaining("a NUL byte (U+0000)"), line: 2, col: 5 });
    expect(nonPrintable("\u007f")?.error).toContain("U+007F");
    expect(nonPrintable("x\u009b")?.error).toContain("U+009B");
    expect(nonPrintable("\ud800")?.error).toContain("U+D800");
    expect(nonPrintable("\ud83d\ude00")).toBeUndefined();
  });

  it("counts lines and columns as the YAML parser does", () => {
    expect(lineColOf("ab\ncd\n", 0)).toEqual({ line: 1, col: 1 });
    expect(lineColOf("ab\ncd\n", 3)).toEqual({ line: 2, col: 1 });
    expect(lineColOf("ab\ncd\n", 6)).toEqual({ line: 3, col: 1 });
  });
});

describe("YAML text", () => {
  it("reports an alias to no anchor at the alias, also after anchors that exist", () => {
    const r = parseLocated("a: &x 1\nb: *x\nc:\n  - *y\n", "f.yaml");
    expect(r.issues.map(formatIssue)).toEqual(["f.yaml:4:5 c[0]: the alias *y refers to no anchor &y defined before it"]);
  });

  it("says that 100,000 nested brackets are too deep, once, where the parser's stack ran out", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const issues = parseLocated(deep, "f.yaml").issues.map(formatIssue);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^f\.yaml:1:\d+: input too large or too deep: nested deeper than 32 levels$/);
    // brackets, quotes and # in block scalars and plain scalars are text
    const text = `d: |\n${Array.from({ length: 40 }, (_, i) => `  see [issue #${i}] or "quote [`).join("\n")}\nt: x "y [[[\n`;
    expect(parseLocated(text, "f.yaml").issues).toEqual([]);
  });

  it("reports control characters written as escapes in a value or a key", () => {
    expect(parseLocated('title: "a\\0b"\n', "f.yaml").issues.map(formatIssue)).toEqual(["f.yaml:1:8 title: the value holds a NUL byte (U+0000) (written as an escape), which is not allowed"]);
    expect(parseLocated('"k\\e": 1\n', "f.yaml").issues.map(formatIssue)).toEqual(["f.yaml:1:1: the key holds the control character U+001B (written as an escape), which is not allowed"]);
    expect(parseLocated('d: "two\\nlines\\tand a tab"\n', "f.yaml").issues).toEqual([]);
  });

  it("reports a control character in text that arrives without a file (--set, links)", () => {
    expect(parseLocated("title: a\u0001b", "--set").issues.map(formatIssue)).toEqual(["--set:1:9: the text holds the control character U+0001, which is not allowed in a YAML file"]);
  });
});

describe("messages about huge input", () => {
  it("looks for no suggestion beyond the length limit, and still finds near ones", () => {
    expect(closest("gpd", ["gdp", "title"])).toBe("gdp");
    expect(closest("x".repeat(MAX_SUGGESTION_LENGTH + 1), ["x".repeat(MAX_SUGGESTION_LENGTH)])).toBeUndefined();
    expect(closest("x".repeat(MAX_SUGGESTION_LENGTH), ["x".repeat(MAX_SUGGESTION_LENGTH - 1)])).toBe("x".repeat(MAX_SUGGESTION_LENGTH - 1));
  });

  it("quotes long input by its start and length, never half a character", () => {
    expect(quoted("gdp")).toBe('"gdp"');
    const q = quoted("\ud83d\ude00".repeat(100));
    expect(q).toMatch(/^"(\ud83d\ude00)+\.\.\." \(200 characters\)$/);
    const line = formatIssue({ pos: { file: "f", line: 1, col: 1 }, path: "a".repeat(10_000), message: "m".repeat(1_000_000) });
    expect(line.length).toBeLessThan(MAX_PATH_LENGTH + MAX_MESSAGE_LENGTH + 20);
    expect(line).toContain("(10,000 characters in all)");
    expect(line).toContain("(1,000,000 characters in all)");
  });
});
