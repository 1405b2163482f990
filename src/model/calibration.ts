/**
 * Model versus calibration targets: the trends of docs/calibration.md that a baseline run
 * should reproduce over its first years, each computed from the run's recorded series and set
 * beside its target range. A quantity the scenario does not represent (a price decline without
 * a market section) is listed as not applicable, never given a number.
 */
import type { SeriesRecorder } from "../engine/metrics.js";
import { offsetOf } from "../engine/metrics.js";
import { parseQuarter, quarterLabel } from "../engine/clock.js";
import { monthsBehindOn } from "./capability.js";
import * as fm from "../engine/fmath.js";

export interface CalibrationRow {
  /** Row of docs/calibration.md. */
  id: string;
  quantity: string;
  unit: string;
  target: { low: number; high: number } | null;
  /** The model's value, or null when the model does not represent the quantity yet. */
  model: number | null;
  /** Whether the model's value lies in the target range (null when not comparable). */
  ok: boolean | null;
  note: string;
}

export interface CalibrationOptions {
  /** The country whose labs make the frontier (baseline: US). */
  leader: string;
  /** The follower whose trend and lag are checked (baseline: CN). */
  follower: string;
  /** Years from the start over which growth rates are measured. */
  years: number;
  /** First quarter of the run (a quarter index, engine/clock.ts), for the rows read at a date. */
  start: number;
}

/** The run's countries by capability at the start, highest first (a tie keeps the file's order). */
export function countriesByCapability(rec: SeriesRecorder): string[] {
  const layout = rec.layout;
  if (layout === undefined) return [];
  const countries = layout.entities["country"] ?? [];
  const at = (i: number) => rec.at(0, offsetOf(layout, "country", "capability") + i);
  return countries.map((id, i) => ({ id, i })).sort((a, b) => at(b.i) - at(a.i) || a.i - b.i).map((c) => c.id);
}

export function calibrationReport(rec: SeriesRecorder, opts: CalibrationOptions & { pace: number }): CalibrationRow[] {
  const pace = opts.pace;
  const layout = rec.layout;
  if (layout === undefined) return [];
  const countries = layout.entities["country"] ?? [];
  const firms = layout.entities["firm"] ?? [];
  const steps = Math.min(rec.recorded - 1, Math.round(opts.years * 4));
  const years = steps / 4;
  const c = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + countries.indexOf(id));
  const best = (name: string, s: number) => {
    let v = -Infinity;
    for (let i = 0; i < firms.length; i++) v = Math.max(v, rec.at(s, offsetOf(layout, "firm", name) + i));
    return v;
  };
  const perYear = (a: number, b: number) => fm.pow(b / a, 1 / years);
  const g = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));
  const mean = (f: (s: number) => number) => {
    let sum = 0;
    for (let s = 0; s <= steps; s++) sum += f(s);
    return sum / (steps + 1);
  };
  const row = (id: string, quantity: string, unit: string, low: number, high: number, model: number, note = ""): CalibrationRow => ({
    id,
    quantity,
    unit,
    target: { low, high },
    model,
    ok: model >= low && model <= high,
    note,
  });
  const missing = (id: string, quantity: string, unit: string, low: number, high: number, note: string): CalibrationRow => ({
    id,
    quantity,
    unit,
    target: { low, high },
    model: null,
    ok: null,
    note,
  });
  // the follower's lag behind the leader (not the world frontier): months since the leader's
  // running-best capability was where the follower is now
  const leaderBest: number[] = [];
  const lags: number[] = [];
  for (let s = 0; s <= steps; s++) {
    leaderBest.push(Math.max(s > 0 ? leaderBest[s - 1]! : -Infinity, c("capability", opts.leader, s)));
    lags.push(monthsBehindOn(leaderBest, s, c("capability", opts.follower, s), pace));
  }
  const meanLag = lags.reduce((a, b) => a + b, 0) / lags.length;
  const budget0 = c("ai_budget", opts.leader, 0);
  // levels, read at the dates the sources give them (not applicable where the run does not cover them)
  const at = (id: string, quantity: string, unit: string, low: number, high: number, date: string, value: (s: number) => number, note = ""): CalibrationRow => {
    const s = (parseQuarter(date) ?? 0) - opts.start;
    if (s < 0 || s >= rec.recorded) return missing(id, `${quantity}, ${date}`, unit, low, high, `the run covers ${quarterLabel(opts.start)} to ${quarterLabel(opts.start + rec.recorded - 1)}`);
    return row(id, `${quantity}, ${date}`, unit, low, high, value(s), note);
  };
  // growth between two dates the sources give, of a metric summed over countries
  const growth = (id: string, quantity: string, unit: string, low: number, high: number, metric: string, note: string): CalibrationRow => {
    const from = (parseQuarter("2025Q3") ?? 0) - opts.start;
    const to = (parseQuarter("2027Q4") ?? 0) - opts.start;
    const label = `${quantity}, 2025Q3-2027Q4`;
    if (from < 0 || to >= rec.recorded) return missing(id, label, unit, low, high, `the run covers ${quarterLabel(opts.start)} to ${quarterLabel(opts.start + rec.recorded - 1)}`);
    const total = (s: number) => countries.reduce((t, id2) => t + c(metric, id2, s), 0);
    if (!(total(from) > 0)) return missing(id, label, unit, low, high, "nothing deployed at the start (no deployment section, or mechanisms.learningByDoing off)");
    return row(id, label, unit, low, high, fm.pow(total(to) / total(from), 1 / ((to - from) / 4)), note);
  };
  const stock = (s: number) => g("compute_total", s) / 1000;
  const fleet = (s: number) => best("compute", s) / 1000;
  const levels = [
    at("world-compute-stock", "world AI compute", "M H100e", 6, 12, "2025Q3", stock, "about 4 M Nvidia H100e early 2025, over 15 M of all vendors by January 2026"),
    at("world-compute-stock", "world AI compute", "M H100e", 12, 22, "2025Q4", stock, "over 15 M H100e by January 2026"),
    at("world-compute-stock", "world AI compute", "M H100e", 50, 150, "2027Q4", stock, "AI 2027 forecast: ~100 M H100e by the end of 2027"),
    at("leading-lab-fleet", "compute of the largest lab", "M H100e", 0.4, 2.5, "2025Q3", fleet, "about 0.5 M H100e each for the leaders in 2025"),
    at("leading-lab-fleet", "compute of the largest lab", "M H100e", 8, 25, "2027Q4", fleet, "forecast 15-20 M H100e by the end of 2027"),
    at("hyperscaler-capex", `compute spending of ${opts.leader}`, "USD bn/yr", 200, 450, "2025Q4", (s) => c("compute_spend", opts.leader, s), "the hyperscalers' capital expenditure, USD 350-400 bn in 2025"),
    at("china-ai-capex", `compute spending of ${opts.follower}`, "USD bn/yr", 25, 60, "2025Q4", (s) => c("compute_spend", opts.follower, s), "ByteDance ~USD 21 bn, Alibaba ~17.5 bn and Tencent ~11 bn of capital expenditure in 2025"),
    at("china-chip-smuggling", `smuggled share of the compute ${opts.follower} buys`, "%", 1, 40, "2025Q4", (s) => (100 * c("compute_smuggled", opts.follower, s)) / Math.max(c("compute_bought", opts.follower, s), 1e-12), "1-40% (median 10%) of the training compute China acquired in 2024 (CNAS)"),
    at("ai-power", "power of the world's AI compute", "GW", 15, 35, "2025Q4", (s) => g("ai_power_total", s), "over 10 GW at chip level in early 2026; systems draw about 1.7x their chips"),
    at("us-ai-power", `power of ${opts.leader}'s AI compute`, "GW", 30, 110, "2030Q4", (s) => c("ai_power", opts.leader, s), "US AI over 50 GW by 2030 if trends continue (EPRI and Epoch AI); all US data centres 74-132 GW in 2028 (LBNL), 110 GW before cooling"),
    growth("industrial-robots", "growth of the world's industrial robots", "x/yr", 1.05, 1.15, "ai_robots", "9-10% a year in 2023-2024 (IFR); the model's deployment follows spending at the elasticity those years show, so this checks that the two stay consistent"),
    growth("ai-medical-devices", "growth of AI medical devices authorised", "x/yr", 1.2, 1.5, "ai_medical_devices", "the FDA's list grew about 1.35x a year in 2022-2025 (a consistency check, as above)"),
    growth("robotaxi-fleets", "growth of driverless fleets", "x/yr", 1.5, 3.5, "driverless_vehicles", "about doubling a year in 2024-2025 (a consistency check, as above)"),
  ];
  return [
    g("frontier_run", 0) > 0
      ? row("frontier-compute-growth", "largest frontier training run", "x/yr", 4, 5, perYear(g("frontier_run", 0), g("frontier_run", steps)), "Epoch: ~4x/yr since 2018, ~5x for frontier LLMs")
      : row("frontier-compute-growth", "compute of the largest lab (no run share given)", "x/yr", 4, 5, perYear(best("compute", 0), best("compute", steps)), "the target is for training runs; without model.runShare* the model has only fleets"),
    c("frontier_run", opts.follower, 0) > 0
      ? row("china-compute-growth", `largest training run in ${opts.follower}`, "x/yr", 2.5, 3.5, perYear(c("frontier_run", opts.follower, 0), c("frontier_run", opts.follower, steps)), "Epoch: ~3x/yr for top Chinese models since late 2021")
      : row("china-compute-growth", `compute of ${opts.follower} (no run share given)`, "x/yr", 2.5, 3.5, perYear(c("compute", opts.follower, 0), c("compute", opts.follower, steps)), "the target is for training runs; without model.runShare* the model has only fleets"),
    row("algorithmic-efficiency", "algorithmic efficiency of the best lab", "x/yr", 2.5, 3.5, fm.pow(10, (best("knowledge", steps) - best("knowledge", 0)) / years), "central ~2.8-3x/yr; the 95% CI is 1.8-5.3x/yr"),
    row("china-us-lag", `months ${opts.follower} trails ${opts.leader}, mean`, "months", 4, 14, meanLag, "calibration.md: ~7 on average, observed 4-14; the tolerance is the observed range"),
    row("compute-share", `${opts.leader}'s share of AI compute at the start`, "%", 70, 80, 100 * c("compute_share", opts.leader, 0)),
    row("compute-share", `${opts.follower}'s share of AI compute at the start`, "%", 12, 18, 100 * c("compute_share", opts.follower, 0)),
    budget0 > 0
      ? row("budget-growth", `AI budget of ${opts.leader}'s labs`, "x/yr", 2, 3, perYear(budget0, c("ai_budget", opts.leader, steps)))
      : missing("budget-growth", `AI budget of ${opts.leader}'s labs`, "x/yr", 2, 3, `${opts.leader} has no labs`),
    row("global-compute-growth", "world AI compute", "x/yr", 1.8, 2.7, perYear(g("compute_total", 0), g("compute_total", steps)), "AI 2027 forecast ~2.25x/yr (1.35x chip efficiency x 1.65x production)"),
    row("open-closed-lag", "months open-weight models trail the frontier, mean", "months", 1, 6, mean((s) => g("open_closed_lag", s)), "Epoch: ~3.5 months (90% CI 1.1-5.3)"),
    g("price_index", steps) > 0
      ? row("inference-price-decline", "price decline at the start's frontier capability", "x/yr", 10, 40, perYear(g("price_index", steps), g("price_index", 0)), "Epoch: 9x-900x/yr by task, ~40x/yr for GPT-4 level on GPQA")
      : missing("inference-price-decline", "price decline at fixed capability", "x/yr", 10, 40, "the scenario has no market section"),
    ...levels,
  ];
}
