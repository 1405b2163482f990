/**
 * Validation issues: where (file:line:col), what (a scenario path) and why.
 * Validation returns these; only the CLI turns them into output and an exit code.
 */

export interface Pos {
  /** File as shown to the user (relative where possible), or "--set" for overrides. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface Issue {
  readonly pos: Pos;
  /** Scenario path in the `--set` syntax (countries.CN.gdp), or "" for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** The longest path and message an issue prints whole (paths hold keys, messages quote input). */
export const MAX_PATH_LENGTH = 200;
export const MAX_MESSAGE_LENGTH = 1000;

export function formatIssue(issue: Issue): string {
  const where = `${issue.pos.file}:${issue.pos.line}:${issue.pos.col}`;
  const path = cut(issue.path, MAX_PATH_LENGTH);
  const message = cut(issue.message, MAX_MESSAGE_LENGTH);
  return path ? `${where} ${path}: ${message}` : `${where}: ${message}`;
}

/** `text`, or its start and how long it was when it is longer than `max`. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${head(text, max - 40)}... (${text.length.toLocaleString("en")} characters in all)`;
}

/** The first `n` UTF-16 units of `text`, one fewer rather than half a character. */
function head(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

export type Result<T> = { ok: true; value: T; warnings: Issue[] } | { ok: false; issues: Issue[] };

/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive,
 * for "did you mean" hints: "gpd" is one edit from "gdp".
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows = x.length + 1;
  const cols = y.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The longest word (and candidate) a suggestion is looked for: the edit distance takes time
 * and memory in the product of the two lengths, and a key of a megabyte (it fits in a file or
 * a link) would take minutes and gigabytes; no misspelling of a real key or id is that long.
 */
export const MAX_SUGGESTION_LENGTH = 64;

/** The closest candidate within a small edit distance, or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGESTION_LENGTH) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    // the distance is at least the difference in length: such a candidate cannot be within the limit
    if (c.length > MAX_SUGGESTION_LENGTH || Math.abs(c.length - word.length) > limit) continue;
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** The longest piece of input a message quotes whole. */
export const MAX_QUOTED_LENGTH = 80;

/**
 * A piece of input quoted in a message: whole when short, else its start and its length, so
 * that a key of a megabyte gives a line of error and not a megabyte of it.
 */
export function quoted(text: string): string {
  return text.length <= MAX_QUOTED_LENGTH ? `"${text}"` : `"${head(text, MAX_QUOTED_LENGTH - 20)}..." (${text.length.toLocaleString("en")} characters)`;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? "" : ` (did you mean "${c}"?)`;
}
