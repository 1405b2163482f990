/**
 * A run report as one self-contained HTML file: the charts inlined as SVG, the key outcomes in
 * plain words, and the timeline of events and milestones. No scripts, no fonts, nothing
 * fetched: it opens offline and prints.
 */

export interface ReportSection {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

export interface TimelineEntry {
  date: string;
  kind: "event" | "milestone";
  text: string;
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
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(690px, 1fr)); gap: 1.2rem; }
figure { margin: 0; border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem; background: #fff; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9rem; margin-top: 0.3rem; }
table { border-collapse: collapse; }
td, th { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
footer { color: #666; font-size: 0.85rem; margin-top: 2rem; }
`;

export function reportHtml(r: RunReport): string {
  const findings = r.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join("\n");
  const toc = r.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join(" · ");
  const figures = r.sections
    .map((s) => `<figure id="${escapeHtml(s.id)}" data-chart="${escapeHtml(s.id)}">\n${s.svg}\n<figcaption>${escapeHtml(s.caption)}</figcaption>\n</figure>`)
    .join("\n");
  const timeline =
    r.timeline === undefined
      ? ""
      : r.timeline.length === 0
      ? "<h2>Timeline: events and milestones</h2>\n<p>No event fired and no milestone was reached.</p>"
      : `<h2>Timeline: events and milestones</h2>\n<table><thead><tr><th>date</th><th>what</th><th></th></tr></thead><tbody>\n${r.timeline
          .map((t) => `<tr><td>${escapeHtml(t.date)}</td><td>${t.kind}</td><td>${escapeHtml(t.text)}</td></tr>`)
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
