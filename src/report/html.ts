/**
 * A run report as one self-contained HTML file: the charts inlined as SVG, the key outcomes in
 * plain words, and the timeline of events and milestones. No scripts, no fonts, nothing
 * fetched: it opens offline and prints.
 *
 * Charts sit two to a row in cards, each SVG scaled to its card's width (they are drawn at
 * about the width of a card on a 1366 px screen: src/report/charts.ts); small multiples, and
 * charts with a table beside them, take a row to themselves.
 */

/** A small table of numbers beside a chart (ranked sensitivity indices). */
export interface ReportTable {
  head: string[];
  rows: string[][];
  /** Columns of numbers, aligned right. */
  numeric?: boolean[];
  /** A line under the table (what was left out). */
  note?: string;
}

export interface ReportSection {
  id: string;
  title: string;
  caption: string;
  svg: string;
  wide?: boolean;
  table?: ReportTable;
}

export interface TimelineEntry {
  date: string;
  kind: "event" | "milestone";
  /** What happened, without its date. */
  text: string;
  /** What an event changed. */
  detail?: string;
}

export interface RunReport {
  title: string;
  subtitle: string;
  /** Key outcomes, one sentence each. */
  findings: string[];
  sections: ReportSection[];
  /** Other pages of the report (relative links). */
  links?: { href: string; text: string }[];
  /** Events and milestones (a single run's); absent for other reports. */
  timeline?: TimelineEntry[];
  footer: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0 auto; max-width: 1500px; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.subtitle { color: #555; margin-top: 0; }
.findings li { margin: 0.3rem 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 560px), 1fr)); gap: 1.2rem; }
figure { margin: 0; border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem; background: #fff; min-width: 0; }
figure.wide { grid-column: 1 / -1; }
figure svg { display: block; width: 100%; height: auto; max-width: 900px; margin: 0 auto; }
figure.wide svg { max-width: none; }
.beside { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.beside > .plot { flex: 1 1 560px; max-width: 760px; }
.beside > .numbers { flex: 1 1 420px; font-size: 0.85rem; overflow-x: auto; }
.numbers td.num, .numbers th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.numbers p { color: #555; margin: 0.3rem 0 0; }
figcaption { color: #444; font-size: 0.9rem; margin-top: 0.3rem; }
table { border-collapse: collapse; }
td, th { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.timeline .detail { color: #555; font-size: 0.85rem; }
footer { color: #666; font-size: 0.85rem; margin-top: 2rem; }
`;

function tableHtml(t: ReportTable): string {
  const cls = (c: number) => (t.numeric?.[c] ? ' class="num"' : "");
  const head = t.head.map((h, c) => `<th${cls(c)}>${escapeHtml(h)}</th>`).join("");
  const rows = t.rows.map((r) => `<tr>${r.map((cell, c) => `<td${cls(c)}>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>${t.note ? `\n<p>${escapeHtml(t.note)}</p>` : ""}`;
}

function figureHtml(s: ReportSection): string {
  const wide = s.wide === true || s.table !== undefined;
  const body = s.table === undefined ? s.svg : `<div class="beside">\n<div class="plot">\n${s.svg}\n</div>\n<div class="numbers">\n${tableHtml(s.table)}\n</div>\n</div>`;
  return `<figure id="${escapeHtml(s.id)}" data-chart="${escapeHtml(s.id)}"${wide ? ' class="wide"' : ""}>\n${body}\n<figcaption>${escapeHtml(s.caption)}</figcaption>\n</figure>`;
}

export function reportHtml(r: RunReport): string {
  const findings = r.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join("\n");
  const toc = r.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join(" · ");
  const figures = r.sections.map(figureHtml).join("\n");
  const timeline =
    r.timeline === undefined
      ? ""
      : r.timeline.length === 0
      ? "<h2>Timeline: events and milestones</h2>\n<p>No event fired and no milestone was reached.</p>"
      : `<h2>Timeline: events and milestones</h2>\n<table class="timeline"><thead><tr><th>date</th><th>kind</th><th>what happened</th></tr></thead><tbody>\n${r.timeline
          .map((t) => `<tr><td>${escapeHtml(t.date)}</td><td>${t.kind}</td><td>${escapeHtml(t.text)}${t.detail ? `<div class="detail">changes: ${escapeHtml(t.detail)}</div>` : ""}</td></tr>`)
          .join("\n")}\n</tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(r.title)}</h1>
<p class="subtitle">${escapeHtml(r.subtitle)}</p>
${(r.links ?? []).map((l) => `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></p>`).join("\n")}
<h2>Key outcomes</h2>
<ul class="findings">
${findings}
</ul>
<nav>${toc}</nav>
<h2>Charts</h2>
<div class="grid">
${figures}
</div>
${timeline}
<footer>${escapeHtml(r.footer)}</footer>
</body>
</html>
`;
}
