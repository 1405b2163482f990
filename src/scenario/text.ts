/**
 * Bytes -> text for input files, strictly: a file that is not valid UTF-8, or that holds a
 * character YAML does not allow (NUL and the other control characters), is refused with the
 * line and column of the first bad byte, never decoded with replacement characters that would
 * then reach the results (a lenient decoder turns a stray Latin-1 byte into U+FFFD).
 * Pure: the CLI and the explorer page decode the same way.
 */

/** The largest input file (scenario, experiment, design CSV), in bytes: the CLI and the explorer alike. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A decoding failure at a position in the file. */
export interface TextError {
  readonly error: string;
  readonly line: number;
  readonly col: number;
}

/**
 * Characters outside YAML 1.2's printable set (c-printable): C0 controls but tab, line feed
 * and carriage return; DEL and the C1 controls but NEL; unpaired surrogates; U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Every character NON_PRINTABLE can match, paired surrogates too: one scan that finds none in nearly all text. */
// eslint-disable-next-line no-control-regex -- as NON_PRINTABLE
const MAYBE_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Where `index` (a UTF-16 offset) is in `text`, as 1-based line and column (columns count characters, as the YAML parser's do). */
export function lineColOf(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: index - start + 1 };
}

/** The first character YAML does not allow in `text`: where (a UTF-16 offset) and its name, or undefined. */
export function firstNonPrintable(text: string): { index: number; name: string } | undefined {
  if (!MAYBE_NON_PRINTABLE.test(text)) return undefined;
  const m = NON_PRINTABLE.exec(text);
  if (m === null) return undefined;
  const code = m[0].charCodeAt(0);
  return { index: m.index, name: code === 0 ? "a NUL byte (U+0000)" : `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}` };
}

/** The first character YAML does not allow in `text`, with its line and column, or undefined. */
export function nonPrintable(text: string): TextError | undefined {
  const bad = firstNonPrintable(text);
  return bad === undefined ? undefined : { error: `the text holds ${bad.name}, which is not allowed in a YAML file`, ...lineColOf(text, bad.index) };
}

/**
 * The length of the valid UTF-8 prefix of `bytes` (RFC 3629: shortest forms only, no
 * surrogates, nothing above U+10FFFF): the offset of the first invalid byte, or bytes.length.
 */
export function validUtf8Prefix(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    if (i + need >= n) return i; // cut short by the end of the file
    const second = bytes[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let j = 2; j <= need; j++) {
      const c = bytes[i + j] as number;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}

/** Decodes an input file's bytes: its text, or where and why it is not acceptable text. */
export function decodeText(bytes: Uint8Array): { text: string } | TextError {
  let text: string;
  try {
    // a byte order mark is dropped, as YAML parsers do
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    // the platform's decoder refuses exactly what validUtf8Prefix does (its test), which says where
    const valid = validUtf8Prefix(bytes);
    if (valid === bytes.length) throw e;
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, valid));
    const at = lineColOf(before, before.length);
    const hex = (bytes[valid] as number).toString(16).toUpperCase().padStart(2, "0");
    return { error: `the file is not valid UTF-8 text: byte 0x${hex} cannot start or continue a character here (save the file as UTF-8)`, ...at };
  }
  return nonPrintable(text) ?? { text };
}
