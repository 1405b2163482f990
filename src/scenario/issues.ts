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

export function formatIssue(issue: Issue): string {
  const where = `${issue.pos.file}:${issue.pos.line}:${issue.pos.col}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
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

/** The closest candidate within a small edit distance, or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestD <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? "" : ` (did you mean "${c}"?)`;
}
