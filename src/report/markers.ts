/**
 * What a run's time charts mark: the events that fired and the milestones passed, as rules
 * with short titles, and the layers that draw them. The labels are placed in rows so that none
 * is written over another. Pure.
 */
import type { EventRecord } from "../engine/events.js";
import type { MilestoneRecord } from "../engine/run.js";
import { CHART_WIDTH } from "./layout.js";
import { shortTitle } from "./narrative.js";
import { yearOf } from "./series.js";

export interface Marker {
  year: number;
  label: string;
  /** Written beside the line (milestones, events); else only in the tooltip (frequent markers). */
  show?: boolean;
  /** The tooltip, where it says more than the label. */
  detail?: string;
}

/** What a run's time charts mark: its milestones (on the capability chart) and its events (on every one). */
export interface RunMarks {
  milestones?: readonly Marker[];
  events?: readonly Marker[];
}

/** Milestones reached, as markers labelled with their titles. */
export function milestoneMarkers(milestones: readonly Pick<MilestoneRecord, "date" | "title">[]): Marker[] {
  return milestones.map((m) => ({ year: yearOf(m.date), label: shortTitle(m.title), detail: `${m.date}: ${m.title}` }));
}

/**
 * Events that fired, as markers labelled with their titles; an event that fires again
 * (repeat: every) is labelled once, its later firings marked by a rule alone. Reverts (the end
 * of changes made for a time) are not marked.
 */
export function eventMarkers(events: readonly Pick<EventRecord, "date" | "event" | "title" | "kind">[]): Marker[] {
  const seen = new Set<string>();
  const out: Marker[] = [];
  for (const e of events) {
    if (e.kind !== "fire") continue;
    out.push({ year: yearOf(e.date), label: shortTitle(e.title), detail: `${e.date}: ${e.title}`, ...(seen.has(e.event) ? { show: false } : {}) });
    seen.add(e.event);
  }
  return out;
}

/** Rows of labels above each other, in px from the top of the plot. */
const LABEL_ROW = 12;
/** The average width of a character of a 10 px label, in px (system sans-serif fonts). */
const LABEL_CHAR = 5.6;
/** The plot's width in a chart of CHART_WIDTH, axes and legend aside (an estimate: labels are placed before vega lays out). */
const PLOT_WIDTH = CHART_WIDTH - 130;
/** The width of a legend of countries beside the plot. */
const LEGEND_WIDTH = 80;

export interface PlacedLabel {
  year: number;
  /** The marker's label, cut short where it fits on neither side of its rule. */
  label: string;
  /** Written to the left of its rule (it would not fit to the right). */
  left: boolean;
  /** Its row: 0 next to the plot's top edge, 1 beyond it, and so on. */
  row: number;
}

/**
 * Places the labels of markers in rows (above the plot in a report) so that none overlaps
 * another or the line that joins another to its rule: each beside its rule, to the right where
 * it fits in the plot (and `overhang` px beyond it), else to the left, in the lowest row that
 * is free. Labels are placed from the latest marker back, so that the lines of earlier ones,
 * which rise to higher rows, pass beside the later labels.
 */
export function placeLabels(markers: readonly Marker[], span: [number, number], plotWidth = PLOT_WIDTH, overhang = 0): PlacedLabel[] {
  const px = (year: number) => ((year - span[0]) / (span[1] - span[0] || 1)) * plotWidth;
  const rows: [number, number][][] = [];
  const lines: { x: number; row: number }[] = [];
  const out: PlacedLabel[] = [];
  for (const m of [...markers].filter((m) => m.show !== false).sort((a, b) => b.year - a.year)) {
    const x = px(m.year);
    // to the right of its rule where it fits, else to the left; where neither fits (a small
    // view), on the roomier side, cut short (the rule's tooltip has the whole title)
    const [right, room] = [plotWidth + overhang - x - 3, x - 3];
    let label = m.label;
    if (label.length * LABEL_CHAR > Math.max(right, room)) label = `${label.slice(0, Math.max(1, Math.floor(Math.max(right, room) / LABEL_CHAR) - 1)).trimEnd()}…`;
    const w = label.length * LABEL_CHAR;
    const left = w > right && w <= room;
    const [from, to] = left ? [x - 3 - w, x - 3] : [x + 3, x + 3 + w];
    // row r is free: no label there overlaps this one, and no line rising through r crosses it
    const free = (r: number) => (rows[r] ?? []).every(([a, b]) => to + 6 <= a || from >= b + 6) && lines.every((l) => l.row <= r || l.x < from - 2 || l.x > to + 2);
    // this label's line rises through the rows below r without crossing their labels
    const clear = (r: number) => rows.slice(0, r).every((row) => row.every(([a, b]) => x < a - 2 || x > b + 2));
    let row = -1;
    for (let r = 0; r <= rows.length && row < 0; r++) if (free(r) && clear(r)) row = r;
    if (row < 0) for (let r = 0; r <= rows.length && row < 0; r++) if (free(r)) row = r;
    while (rows.length <= row) rows.push([]);
    rows[row]!.push([from, to]);
    lines.push({ x, row });
    out.push({ year: m.year, label, left, row });
  }
  return out.reverse();
}

/**
 * Vertical rules with labels (milestones, events) or tooltips only (leadership changes). In a
 * report the labels sit above the plot, each joined to its rule by a dashed line, clear of
 * the data; in the explorer (live), whose views keep the layout they were built with while
 * their data changes, they sit inside the plot, from its top down.
 */
export function markerLayers(markers: readonly Marker[], span: [number, number], live: { plotWidth?: number } | undefined) {
  if (markers.length === 0 && !live) return [];
  // above the plot, a label may reach over the legend's column
  const placed = live ? placeLabels(markers, span, live.plotWidth) : placeLabels(markers, span, PLOT_WIDTH, LEGEND_WIDTH);
  const year = { field: "year", type: "quantitative" as const };
  const top = { field: "dy", type: "quantitative" as const, scale: null };
  // data sets named for the explorer, which replaces their values as a run plays
  const text = (left: boolean) => ({
    data: {
      ...(live ? { name: left ? "labels-right" : "labels-left" } : {}),
      values: placed.filter((m) => m.left === left).map((m) => ({ year: m.year, label: m.label, dy: live ? 2 + m.row * LABEL_ROW : -3 - m.row * LABEL_ROW })),
    },
    layer: [
      ...(live ? [] : [{ mark: { type: "rule" as const, strokeDash: [4, 3], color: "#555555" }, encoding: { x: year, y: top, y2: { value: 0 } } }]),
      {
        mark: { type: "text" as const, align: left ? ("right" as const) : ("left" as const), baseline: live ? ("top" as const) : ("bottom" as const), dx: left ? -3 : 3, fontSize: 10, color: "#333333" },
        encoding: { x: year, y: top, text: { field: "label", type: "nominal" as const } },
      },
    ],
  });
  return [
    {
      data: { ...(live ? { name: "markers" } : {}), values: markers.map((m) => ({ year: m.year, label: m.detail ?? m.label })) },
      mark: { type: "rule" as const, strokeDash: [4, 3], color: "#555555" },
      encoding: { x: { field: "year", type: "quantitative" as const }, tooltip: [{ field: "label", type: "nominal" as const }] },
    },
    ...[false, true].map(text).filter((l) => live || l.data.values.length > 0),
  ];
}
