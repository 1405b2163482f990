/**
 * CSV cells per RFC 4180, with spreadsheet formula injection neutralised: a text cell that
 * starts with =, +, -, @ (or a tab or carriage return) gets a leading apostrophe. Numbers are
 * written by JavaScript's shortest round-trip form, with "." decimals whatever the locale.
 */

export function csvText(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : "";
}

export function csvRow(cells: readonly (string | number)[]): string {
  return cells.map((c) => (typeof c === "number" ? csvNumber(c) : csvText(c))).join(",") + "\n";
}
