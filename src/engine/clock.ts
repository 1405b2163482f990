/**
 * Simulation time in quarters.
 *
 * A quarter is an integer index `year * 4 + (q - 1)`, so arithmetic is exact and labels
 * (`2025Q3`) round-trip. Step 0 is the state at the start quarter; each step advances one
 * quarter, and the run ends after the step that reaches the end quarter.
 */

const LABEL = /^(\d{4})Q([1-4])$/;

/** Parses `2025Q3` into a quarter index, or returns undefined. */
export function parseQuarter(label: string): number | undefined {
  const m = LABEL.exec(label);
  if (!m) return undefined;
  return Number(m[1]) * 4 + Number(m[2]) - 1;
}

export function quarterLabel(index: number): string {
  const year = Math.floor(index / 4);
  return `${year}Q${index - year * 4 + 1}`;
}

/** Decimal year at the start of the quarter: 2025Q3 -> 2025.5. */
export function quarterYear(index: number): number {
  return index / 4;
}

export interface Clock {
  /** First quarter (state at step 0). */
  readonly start: number;
  /** Last quarter simulated. */
  readonly end: number;
  /** Number of steps: end - start. */
  readonly steps: number;
  /** Years per step. */
  readonly dt: number;
  /** Calendar labels for steps 0..steps, precomputed. */
  readonly labels: readonly string[];
}

export function makeClock(start: number, end: number): Clock {
  const steps = end - start;
  const labels: string[] = [];
  for (let s = 0; s <= steps; s++) labels.push(quarterLabel(start + s));
  return { start, end, steps, dt: 0.25, labels };
}
