/**
 * The size of a report's charts in all (title, axes and legend included), in px: a report's
 * page shows two in a row, each scaled to its card (about 630 px wide on a 1366 px screen, 720
 * on a 1920 px one), so their text stays at about its size. A wide chart (small multiples)
 * has a row to itself. The explorer sizes its views to its panels instead.
 */
export const CHART_WIDTH = 620;
export const CHART_HEIGHT = 300;
export const WIDE_WIDTH = 1250;
/** Vega-Lite's sizing for a chart of CHART_WIDTH x CHART_HEIGHT in all. */
export const FIT = { width: CHART_WIDTH, height: CHART_HEIGHT, autosize: { type: "fit", contains: "padding" } } as const;
/**
 * The same for a chart whose height grows with its rows: `rows` bands of `step` px, plus its
 * title and x axis (Vega-Lite's own steps, height: {step}, do not fit a width).
 */
export function fitRows(rows: number, step: number) {
  return { width: CHART_WIDTH, height: Math.max(1, rows) * step + 80, autosize: { type: "fit", contains: "padding" } } as const;
}

