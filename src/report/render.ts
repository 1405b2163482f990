/**
 * Vega-Lite specification -> SVG text, with vega's headless renderer (no canvas, no network:
 * every chart carries its data inline). Pure and asynchronous; the same specifications render
 * in a browser.
 */
import { parse, View } from "vega";
import { compile } from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
