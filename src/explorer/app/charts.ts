/**
 * The explorer's four chart panels. Each shows one of the run report's charts (the same
 * Vega-Lite specifications, src/report/charts.ts, built with named data sets) and lets the
 * reader pick another of its kind. A view is built once per chart and size; as the run plays,
 * only its data sets are replaced.
 */
import { parse, View } from "vega";
import { compile } from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import type { Chart } from "../../report/charts.js";

const PANELS: string[][] = [
  ["capability", "gap-cloud", "gap-medical", "gap-driving", "gap-generative", "gap-embodied"],
  ["months-behind", "gap", "influence", "ai-gdp"],
  ["chip-output", "compute", "domestic-chips", "exposure"],
  ["firms", "entries-exits", "price-index", "concentration"],
];

/** Chart text in step with the page's (larger on a projector: see style.css). */
function config() {
  const k = (parseFloat(getComputedStyle(document.documentElement).fontSize) || 15) / 15;
  return {
    font: "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif",
    axis: { labelFontSize: 12 * k, titleFontSize: 13 * k, titleFontWeight: 500 },
    legend: { labelFontSize: 12 * k, titleFontSize: 12 * k },
    text: { fontSize: 11 * k },
  };
}

interface Layer {
  data?: { name?: string; values?: unknown[] };
}

class Panel {
  readonly select: HTMLSelectElement;
  readonly plot: HTMLDivElement;
  readonly caption: HTMLParagraphElement;
  view: View | undefined;
  shown: string | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly index: number,
    private readonly options: readonly string[],
    parent: HTMLElement,
    onPick: () => void,
  ) {
    const box = document.createElement("div");
    box.className = "chart";
    box.dataset["panel"] = String(index);
    this.select = document.createElement("select");
    this.select.setAttribute("aria-label", `chart ${index + 1}`);
    this.select.addEventListener("change", () => {
      this.shown = undefined;
      onPick();
    });
    this.plot = document.createElement("div");
    this.plot.className = "plot";
    this.caption = document.createElement("p");
    this.caption.className = "caption";
    box.append(this.select, this.plot, this.caption);
    parent.append(box);
  }

  /** Shows the chosen chart of `charts`, building its view only when it changed. */
  update(charts: readonly Chart[]): Promise<void> {
    const available = this.options.map((id) => charts.find((c) => c.id === id)).filter((c): c is Chart => c !== undefined);
    const ids = available.map((c) => c.id).join(",");
    if (this.select.dataset["ids"] !== ids) {
      const keep = this.select.value;
      this.select.replaceChildren(...available.map((c) => new Option(c.title, c.id)));
      this.select.dataset["ids"] = ids;
      if (available.some((c) => c.id === keep)) this.select.value = keep;
      this.shown = undefined;
    }
    const chart = available.find((c) => c.id === this.select.value) ?? available[0];
    if (chart === undefined) return Promise.resolve();
    // one update at a time per view: vega runs asynchronously
    this.pending = this.pending.then(() => (this.shown === chart.id && this.view !== undefined ? this.refresh(chart) : this.build(chart)));
    return this.pending;
  }

  private async build(chart: Chart): Promise<void> {
    this.view?.finalize();
    const spec = { ...(chart.spec as object), title: undefined, config: config(), width: Math.max(200, this.plot.clientWidth - 8), height: Math.max(120, this.plot.clientHeight - 8), autosize: { type: "fit", contains: "padding" } } as unknown as TopLevelSpec;
    this.view = new View(parse(compile(spec).spec), { renderer: "svg", container: this.plot, hover: true });
    this.shown = chart.id;
    this.caption.textContent = chart.caption;
    this.plot.dataset["chart"] = chart.id;
    await this.view.runAsync();
  }

  private async refresh(chart: Chart): Promise<void> {
    const view = this.view!;
    for (const layer of (chart.spec as { layer?: Layer[] }).layer ?? []) {
      if (layer.data?.name !== undefined) view.data(layer.data.name, layer.data.values ?? []);
    }
    await view.runAsync();
  }

  reset(): void {
    this.view?.finalize();
    this.view = undefined;
    this.shown = undefined;
    this.plot.replaceChildren();
  }
}

export class ChartBoard {
  private readonly panels: Panel[];
  private last: readonly Chart[] = [];

  constructor(container: HTMLElement) {
    this.panels = PANELS.map((options, i) => new Panel(i, options, container, () => void this.update(this.last)));
  }

  update(charts: readonly Chart[]): Promise<void> {
    this.last = charts;
    return Promise.all(this.panels.map((p) => p.update(charts))).then(() => undefined);
  }

  /** Drops the views (a new scenario, a new window size): the next update builds them. */
  reset(): void {
    for (const p of this.panels) p.reset();
  }
}
