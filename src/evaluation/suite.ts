/**
 * The evaluation suite, declared as data: the scenario variants it runs and the checks it
 * makes of them. Each check names its family, the claim or property it tests, its design (one
 * scenario, or a pair run with the same seeds), what it measures and when, and what it expects:
 * a band the seeds should fall in, or the sign and least size of a paired effect. A check whose
 * metrics or agents the evaluated scenario lacks is reported as not applicable.
 *
 * Variants are the evaluated scenario ("base") changed in one way: fields set (as --set does),
 * the changes a library scenario makes (its own file, less what names and describes it), or a
 * structural transform (a lab split in two halves, a country's labs merged, every lab's
 * openness scaled). docs/evaluation.md explains each family.
 */
import type { Measure } from "./measure.js";

export type Family = "calibration" | "invariance" | "ablation" | "claim" | "corroboration" | "gap";

export const FAMILIES: readonly { id: Family; title: string }[] = [
  { id: "calibration", title: "Calibration: levels and trends" },
  { id: "invariance", title: "Invariances" },
  { id: "ablation", title: "Ablations" },
  { id: "claim", title: "The essay's claims (C1-C13)" },
  { id: "corroboration", title: "Corroboration" },
  { id: "gap", title: "Gaps, read three ways" },
];

export type Transform =
  | { kind: "split-lab"; country: string }
  | { kind: "merge-labs"; country: string }
  | { kind: "scale-open"; factor: number };

export interface VariantDef {
  id: string;
  title: string;
  /** A library scenario whose own changes are applied to the evaluated scenario. */
  changes?: string;
  /** Fields set, by path (as --set): plain numbers, booleans or strings. */
  set?: readonly (readonly [string, number | boolean | string])[];
  transform?: Transform;
}

export type Expectation =
  /** One scenario: the measure lies in [low, high] in at least `share` of the seeds (default 0.8). */
  | { band: readonly [number, number]; share?: number }
  /** A pair: the mean difference (variant - base) has this sign, its 95% CI excludes 0, and its size is at least `min`. */
  | { sign: 1 | -1; min: number }
  /** A pair: every seed's difference is exactly 0. */
  | { zero: true }
  /** A pair: the difference's 95% CI lies within [low, high] (relative: of each seed's difference as a share of its base value). */
  | { within: readonly [number, number]; relative?: boolean }
  /**
   * A pair (the base and a lab split or labs merged): the difference in capability lies within
   * the scale effect docs/model.md states, computed from the scenario's starting labs: a split
   * lowers it by at most log10 2; a merge raises it by at most the merged lab's starting
   * capability over the best lab's. With `tolerance` on either side.
   */
  | { scaleEffect: "split" | "merge"; country: string; tolerance: number };

export interface CheckDef {
  id: string;
  family: Family;
  /** The claim or property, in words. */
  claim: string;
  /** Where the target or the claim comes from. */
  source: string;
  /** One variant, or a pair (`base` first). */
  design: { variant: string } | { base: string; variant: string };
  measure: Measure;
  unit: string;
  expect: Expectation;
  /** What would make it pass, when it fails. */
  fix: string;
  /** It reads the scenario's starting values (inputs), not what the model makes of them. */
  start?: boolean;
  /** Checks that must pass for this one to mean anything (it fails with them). */
  requires?: readonly string[];
  /** A parameter the evaluated scenario must set for the check to mean anything (else it does not apply). */
  needs?: string;
}

/**
 * A grid of variants: in each cell, the base with the cell's parameters, against the same plus
 * a library scenario's changes. Passes when the effect's sign differs across the grid (C8:
 * "depends"): some cells clearly positive and some clearly negative, by at least `min`.
 */
export interface FlipDef {
  id: string;
  family: Family;
  claim: string;
  source: string;
  /** The library scenario whose changes every cell makes. */
  changes: string;
  axes: readonly [{ path: string; values: readonly number[] }, { path: string; values: readonly number[] }];
  measure: Measure;
  unit: string;
  /** The least effect that counts as a sign. */
  min: number;
  fix: string;
}

/**
 * A country's gap to the frontier read in OOM (and as the effective-compute ratio 10^gap, which
 * moves with it) and in months behind: do the two readings change in the same direction?
 */
export interface GapDef {
  id: string;
  family: "gap";
  country: string;
  from: string;
  to: string;
  source: string;
  fix: string;
}

/** Checks run directly (not through the experiment's outcomes): renaming, reordering, continuity. */
export type DirectDef =
  | { id: string; family: "invariance"; kind: "rename" | "reorder"; claim: string; source: string; fix: string }
  | {
      id: string;
      family: "invariance";
      kind: "continuity";
      claim: string;
      source: string;
      fix: string;
      /** The lever, scanned on an even grid. */
      path: string;
      range: readonly [number, number];
      /** Outcomes read at `date` (metric symbols), each with the least step that counts as a jump. */
      outcomes: readonly (readonly [string, number])[];
      date: string;
    };

const NO = (m: string) => ({ id: `no-${m}`, title: `${m} switched off`, set: [[`mechanisms.${m}`, false]] as const });

export const VARIANTS: readonly VariantDef[] = [
  { id: "base", title: "the evaluated scenario" },
  ...["macro", "budgetGrowth", "compute", "research", "diffusion", "leakage", "adaptation", "market", "semiconductors", "learningByDoing"].map(NO),
  ...[
    "agi-declared",
    "china-closes-models",
    "china-fab-breakthrough",
    "export-controls-lifted",
    "export-controls-tightened",
    "h200-licensed",
    "hbm-squeeze",
    "heavy-regulation",
    "light-regulation",
    "price-war",
    "scale-out-chips",
    "taiwan-blockade",
    "taiwan-blockade-us-fabs",
    "talent-restrictions",
    "us-open-source-push",
  ].map((s) => ({ id: s, title: `the changes of scenarios/${s}.yaml`, changes: s })),
  { id: "split-eu-lab", title: "the EU's largest lab split into two identical halves", transform: { kind: "split-lab", country: "EU" } },
  { id: "merge-cn-labs", title: "China's labs merged into one", transform: { kind: "merge-labs", country: "CN" } },
  { id: "merge-us-labs", title: "the US labs merged into one", transform: { kind: "merge-labs", country: "US" } },
  { id: "open-doubled", title: "every lab's weight on open work doubled", transform: { kind: "scale-open", factor: 2 } },
  {
    id: "scale-out-only",
    title: "Ascend systems of 8,192 chips at their power, nothing else changed",
    set: [
      ["semiconductors.designs.Ascend910C.system.chips", 8192],
      ["semiconductors.designs.Ascend910C.system.power", 12700],
    ],
  },
  { id: "us-power-unlimited", title: "US AI data centres may take all the capacity the US power sector adds (policy.aiPowerShare 1)", set: [["countries.US.policy.aiPowerShare", 1]] },
  { id: "us-trusted", title: "US governance raised to 0.9", set: [["countries.US.policy.governance", 0.9]] },
  { id: "cn-trusted", title: "China's governance raised to 0.5, the level at which its AI is neither preferred nor shunned abroad", set: [["countries.CN.policy.governance", 0.5]] },
];

const T0 = "2025Q3";
const EARLY = "2028Q3";
const PACE_NOTE = "read at the dates where the claim bites";

const UNITS = { ai_budget: "USD bn/yr", compute: "EFLOP/s", influence: "1" } as const;

/** A country metric symbol. */
const m = (metric: string) => ({ metric });

export const CHECKS: readonly CheckDef[] = [
  // ---- calibration: trends (the first three years) ----
  {
    id: "frontier-compute-growth",
    family: "calibration",
    claim: "the largest training run grows 4-5x a year",
    source: "calibration.md#frontier-compute-growth",
    design: { variant: "base" },
    measure: { term: m("frontier_run"), how: "growth", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [4, 5] },
    fix: "training-run size chosen by labs from their budgets, not a calendar-time share",
  },
  {
    id: "china-compute-growth",
    family: "calibration",
    claim: "China's largest training run grows about 3x a year",
    source: "calibration.md#china-compute-growth",
    design: { variant: "base" },
    measure: { term: m("frontier_run_CN"), how: "growth", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [2.5, 3.5] },
    fix: "Chinese labs' runs sized from their budgets and chip access",
  },
  {
    id: "algorithmic-efficiency",
    family: "calibration",
    claim: "the best lab's algorithmic efficiency rises about 3x a year (95% CI 1.8-5.3x)",
    source: "calibration.md#algorithmic-efficiency",
    design: { variant: "base" },
    measure: { term: m("knowledge_US"), how: "rate", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [2.5, 3.5] },
    fix: "research returns (researchDifficulty, referenceRnd) set against the measured rate",
  },
  {
    id: "budget-growth",
    family: "calibration",
    claim: "frontier labs' budgets grow 2-3x a year",
    source: "calibration.md#budget-growth",
    design: { variant: "base" },
    measure: { term: m("ai_budget_US"), how: "growth", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [2, 3] },
    fix: "labs financed as firms: budgets from revenue and investors",
  },
  {
    id: "run-cost-growth",
    family: "calibration",
    claim: "the cost of the largest training run grows 2.0-3.1x a year",
    source: "calibration.md#run-cost-growth",
    design: { variant: "base" },
    measure: { term: { times: [m("frontier_run"), m("chip_price")] }, how: "growth", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [2, 3.1] },
    fix: "run size chosen by labs against the price of compute",
  },
  ...(["2030Q4", "2040Q4"] as const).map(
    (date): CheckDef => ({
      id: `staff-share-${date.slice(0, 4)}`,
      family: "calibration",
      claim: `labs put 29-49% of their budgets into R&D in ${date.slice(0, 4)}, as at the start (assumption: the staff share of frontier run costs, 29-49%, stands for the R&D share of a lab's budget)`,
      source: "calibration.md#run-cost-growth",
      design: { variant: "base" },
      measure: { term: { reduce: "mean", name: "rnd_share", over: "firm" }, how: "at", date },
      unit: "1",
      expect: { band: [0.29, 0.49] },
      fix: "an R&D/compute rule that compares capability gained per dollar over the same horizon",
    }),
  ),
  {
    id: "global-compute-growth",
    family: "calibration",
    claim: "world AI compute grows about 2.25x a year (AI 2027 forecast, 2025-2027; Epoch measured 2.3-4.1x a year for the installed stock, calibration.md#world-compute-stock-growth)",
    source: "calibration.md#global-compute-growth",
    design: { variant: "base" },
    measure: { term: m("compute_total"), how: "growth", from: T0, to: "2027Q4" },
    unit: "x/yr",
    expect: { band: [1.8, 2.7] },
    fix: "compute spending at its measured level and growth",
  },
  {
    id: "robot-stock-growth",
    family: "calibration",
    claim: "the world's stock of industrial robots, the base of embodied AI, grows 9-10% a year (2023-2024). A consistency check, not independent evidence: deployment follows spending at the elasticity those years show (deployment.pastGrowth against spendingGrowth), so this fails if the market's spending drifts from the growth the elasticity was read against",
    source: "calibration.md#industrial-robots",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "ai_robots", over: "country" }, how: "growth", from: T0, to: "2027Q4" },
    unit: "x/yr",
    expect: { band: [1.05, 1.15] },
    fix: "deployment that follows spending at its measured elasticity (deployment.spendingGrowth, pastGrowth)",
  },
  {
    id: "ai-medical-devices-growth",
    family: "calibration",
    claim: "AI-enabled medical devices authorised grow about 1.35x a year (the FDA's list, 2022-2025); a consistency check, as robot-stock-growth",
    source: "calibration.md#ai-medical-devices",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "ai_medical_devices", over: "country" }, how: "growth", from: T0, to: "2027Q4" },
    unit: "x/yr",
    expect: { band: [1.2, 1.5] },
    fix: "deployment that follows spending at its measured elasticity (deployment.spendingGrowth, pastGrowth)",
  },
  {
    id: "driverless-fleet-growth",
    family: "calibration",
    claim: "driverless fleets about double a year (Waymo about 1,500 in mid-2025 and over 2,000 early in 2026; Pony.ai 270 to about 960 in 2025; Apollo Go's rides 2.5x a year); a consistency check, as robot-stock-growth",
    source: "calibration.md#robotaxi-fleets",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "driverless_vehicles", over: "country" }, how: "growth", from: T0, to: "2027Q4" },
    unit: "x/yr",
    expect: { band: [1.5, 3.5] },
    fix: "deployment that follows spending at its measured elasticity (deployment.spendingGrowth, pastGrowth)",
  },
  {
    id: "driverless-abroad-2025",
    family: "calibration",
    claim: "driverless fleets abroad number about 200-300 at the end of 2025 (WeRide over 100 in the Middle East, Apollo Go and Pony.ai some tens each). A consistency check, not independent evidence: deployment.entry.driving is sized to it; and it reads the total, which the model splits between US and Chinese operators where all were Chinese",
    source: "calibration.md#robotaxi-abroad",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "driverless_vehicles_abroad", over: "country" }, how: "at", date: "2025Q4" },
    unit: "vehicles",
    expect: { band: [150, 400] },
    fix: "operators entering other countries at the rate their first years abroad show (deployment.entry)",
  },
  {
    id: "china-us-lag",
    family: "calibration",
    claim: "China's best model trails the frontier by about 7 months (observed 4-14)",
    source: "calibration.md#china-us-lag",
    design: { variant: "base" },
    measure: { term: m("months_behind_CN"), how: "mean", from: T0, to: EARLY },
    unit: "months",
    expect: { band: [4, 14] },
    fix: "initial knowledge of Chinese labs and the diffusion rates",
  },
  {
    id: "china-us-lag-start",
    start: true,
    family: "calibration",
    claim: "China's lag had narrowed to about 6-8 months by 2025",
    source: "calibration.md#china-us-lag-trend",
    design: { variant: "base" },
    measure: { term: m("months_behind_CN"), how: "at", date: T0 },
    unit: "months",
    expect: { band: [6, 8] },
    fix: "initial knowledge of Chinese labs",
  },
  {
    id: "open-closed-lag",
    family: "calibration",
    claim: "the best open-weight model trails the best closed one by ~3.5 months (90% CI 1.1-5.3)",
    source: "calibration.md#open-closed-lag",
    design: { variant: "base" },
    measure: { term: m("open_closed_lag"), how: "mean", from: T0, to: EARLY },
    unit: "months",
    expect: { band: [1.1, 5.3] },
    fix: "the open frontier as the best model actually released with open weights",
  },
  {
    id: "inference-price-decline",
    family: "calibration",
    claim: "the price of a fixed capability falls 9-900x a year by task (~40x for GPT-4 level)",
    source: "calibration.md#inference-price-decline",
    design: { variant: "base" },
    measure: { term: m("price_index"), how: "decline", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [10, 40] },
    fix: "distillation and serving costs against the measured decline",
  },
  {
    id: "hw-price-performance",
    family: "calibration",
    claim: "the price of compute falls as GPU price-performance doubles every ~2.1 years (1.39x a year)",
    source: "calibration.md#hw-price-performance",
    design: { variant: "base" },
    measure: { term: m("chip_price"), how: "decline", from: T0, to: EARLY },
    unit: "x/yr",
    expect: { band: [1.25, 1.55] },
    fix: "chip prices that follow performance per dollar",
  },
  {
    id: "ascend-output-2025",
    family: "calibration",
    claim: "Huawei plans about 100k Ascend 910C and 300k 910B in 2025: of the order of 150-200 EFLOP/s a year",
    source: "calibration.md#ascend-output",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "output", over: "design", of: "Huawei" }, how: "at", date: "2025Q4" },
    unit: "EFLOP/s per yr",
    expect: { band: [100, 300] },
    fix: "domestic fab capacity and yields at their reported levels",
  },
  {
    id: "compute-share-us",
    start: true,
    family: "calibration",
    claim: "the US holds about 75% of the world's AI compute in mid-2025",
    source: "calibration.md#compute-share",
    design: { variant: "base" },
    measure: { term: m("compute_share_US"), how: "at", date: T0, scale: 100 },
    unit: "%",
    expect: { band: [70, 80] },
    fix: "initial compute stocks",
  },
  {
    id: "compute-share-cn",
    start: true,
    family: "calibration",
    claim: "China holds about 15% of the world's AI compute in mid-2025",
    source: "calibration.md#compute-share",
    design: { variant: "base" },
    measure: { term: m("compute_share_CN"), how: "at", date: T0, scale: 100 },
    unit: "%",
    expect: { band: [12, 18] },
    fix: "initial compute stocks",
  },
  // ---- calibration: levels (each in band in at least 27 of 30 seeds) ----
  {
    id: "world-compute-stock-2025",
    start: true,
    family: "calibration",
    claim: "the world's installed AI compute in mid-2025 (about 4 M H100e of Nvidia GPUs in early 2025, over 15 M of all vendors by January 2026)",
    source: "calibration.md#world-compute-stock",
    design: { variant: "base" },
    measure: { term: m("compute_total"), how: "at", date: T0, scale: 0.001 },
    unit: "M H100e",
    expect: { band: [6, 12], share: 0.9 },
    fix: "initial compute stocks at the measured level, not only in the measured shares",
  },
  {
    id: "world-compute-stock-2026",
    family: "calibration",
    claim: "over 15 M H100e of AI compute installed by January 2026",
    source: "calibration.md#world-compute-stock",
    design: { variant: "base" },
    measure: { term: m("compute_total"), how: "at", date: "2025Q4", scale: 0.001 },
    unit: "M H100e",
    expect: { band: [12, 22], share: 0.9 },
    fix: "initial compute stocks and spending at the measured level",
  },
  {
    id: "world-compute-stock-2027",
    family: "calibration",
    claim: "about 100 M H100e of AI compute by the end of 2027 (AI 2027 forecast)",
    source: "calibration.md#world-compute-stock",
    design: { variant: "base" },
    measure: { term: m("compute_total"), how: "at", date: "2027Q4", scale: 0.001 },
    unit: "M H100e",
    expect: { band: [50, 150], share: 0.9 },
    fix: "compute spending at its measured level and growth",
  },
  {
    id: "leading-lab-fleet-2025",
    start: true,
    family: "calibration",
    claim: "the largest AI companies each hold about 0.5 M H100e in 2025 (Google about 5 M by 2026)",
    source: "calibration.md#leading-lab-fleet",
    design: { variant: "base" },
    measure: { term: { reduce: "max", name: "compute", over: "firm" }, how: "at", date: T0, scale: 0.001 },
    unit: "M H100e",
    expect: { band: [0.4, 2.5], share: 0.9 },
    fix: "initial lab fleets",
  },
  {
    id: "leading-lab-fleet-2027",
    family: "calibration",
    claim: "the largest AI companies reach 15-20 M H100e by the end of 2027 (forecast)",
    source: "calibration.md#leading-lab-fleet",
    design: { variant: "base" },
    measure: { term: { reduce: "max", name: "compute", over: "firm" }, how: "at", date: "2027Q4", scale: 0.001 },
    unit: "M H100e",
    expect: { band: [8, 25], share: 0.9 },
    fix: "lab spending on compute at its measured level",
  },
  {
    id: "us-compute-spend-2025",
    family: "calibration",
    claim: "US compute spending is of the order of the hyperscalers' USD 350-400 bn capital expenditure in 2025",
    source: "calibration.md#hyperscaler-capex",
    design: { variant: "base" },
    measure: { term: m("compute_spend_US"), how: "at", date: "2025Q4" },
    unit: "USD bn/yr",
    expect: { band: [200, 450], share: 0.9 },
    fix: "compute spending by cloud providers and labs, not lab budgets alone",
  },
  {
    id: "china-compute-spend-2025",
    family: "calibration",
    claim: "China's compute spending is of the order of its largest internet companies' capital expenditure in 2025 (ByteDance ~USD 21 bn, Alibaba ~17.5 bn, Tencent ~11 bn, mostly AI infrastructure)",
    source: "calibration.md#china-ai-capex",
    design: { variant: "base" },
    measure: { term: m("compute_spend_CN"), how: "at", date: "2025Q4" },
    unit: "USD bn/yr",
    expect: { band: [25, 60], share: 0.9 },
    fix: "compute spending by China's cloud providers and labs at its measured level",
  },
  {
    id: "china-smuggled-share-2025",
    family: "calibration",
    claim: "smuggled chips are a minor part of the compute China acquires: 1-40% (median 10%) of the training compute it acquired in 2024",
    source: "calibration.md#china-chip-smuggling",
    design: { variant: "base" },
    measure: { term: { div: [m("compute_smuggled_CN"), m("compute_bought_CN")] }, how: "at", date: "2025Q4" },
    unit: "1",
    expect: { band: [0.01, 0.4], share: 0.9 },
    fix: "China's compute purchases at their measured level (its spending, and what it buys per dollar), or the number of chips smuggled",
  },
  {
    id: "ai-power-2026",
    family: "calibration",
    claim: "AI chips drew over 10 GW in early 2026; with their systems' networking and optics (about 1.7x the chips' own power: an NVL72 rack draws 145 kW for 72 chips of 1.2 kW) that is about 15-35 GW",
    source: "calibration.md#ai-power",
    design: { variant: "base" },
    measure: { term: { metric: "ai_power_total" }, how: "at", date: "2025Q4" },
    unit: "GW",
    expect: { band: [15, 35], share: 0.9 },
    fix: "compute stocks at the measured level (the power follows the chips bought)",
  },
  {
    id: "us-ai-power-2030",
    family: "calibration",
    claim: "US AI power grows from about 5 GW in 2025 to over 50 GW by 2030 if the trends of training and deployment continue (EPRI and Epoch AI); the top of LBNL's 74-132 GW for all US data centres in 2028, less cooling (a PUE of ~1.2), bounds AI systems from above at 110 GW",
    source: "calibration.md#us-ai-power",
    design: { variant: "base" },
    measure: { term: m("ai_power_US"), how: "at", date: "2030Q4" },
    unit: "GW",
    expect: { band: [30, 110], share: 0.9 },
    fix: "US compute purchases at their measured level, and the power US data centres can connect (powerAdditions, policy.aiPowerShare)",
  },
  {
    id: "open-parity-2025",
    start: true,
    family: "calibration",
    claim: "China's best open-weight model is on par with the best US one in mid-2025",
    source: "calibration.md#open-parity",
    design: { variant: "base" },
    measure: { term: { minus: [m("open_capability_CN"), m("open_capability_US")] }, how: "at", date: T0 },
    unit: "OOM",
    expect: { band: [-0.15, 0.15] },
    fix: "capability from each lab's training run rather than its whole fleet, or Chinese labs' starting knowledge (DeepSeek's models were trained on far less compute than its fleet suggests)",
  },
  {
    id: "lab-exits",
    family: "calibration",
    claim: "frontier labs do exit or pivot (five in 2024-2025): at least one of the modelled labs exits in the first two years",
    source: "calibration.md#lab-exits",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "lab_exits", over: "country" }, how: "at", date: "2027Q3" },
    unit: "labs",
    expect: { band: [1, 8] },
    fix: "labs financed as firms that can run out of money",
  },
  // ---- invariances (paired) ----
  ...(["ai_budget", "compute", "influence"] as const).flatMap((metric) =>
    (["2030Q4", "2040Q4"] as const).map(
      (date): CheckDef => ({
        id: `split-lab-${metric.replace("_", "-")}-${date.slice(0, 4)}`,
        family: "invariance",
        claim: `splitting the EU's lab into two identical halves leaves the EU's ${metric} within 2%`,
        source: "invariance to how a file is written",
        design: { base: "base", variant: "split-eu-lab" },
        measure: { term: m(`${metric}_EU`), how: "at", date },
        unit: UNITS[metric],
        expect: { within: [-0.02, 0.02], relative: true },
        fix: "a country's standing and its labs' market share already sum over its labs; what is left is what a merge or split really changes (pooled knowledge raises a merged country's standing and slows its state response; each half of a split lab releases smaller open models), which needs a bound of its own",
      }),
    ),
  ),
  ...(["ai_budget", "compute", "influence"] as const).flatMap((metric) =>
    (["2030Q4", "2040Q4"] as const).map(
      (date): CheckDef => ({
        id: `merge-labs-${metric.replace("_", "-")}-${date.slice(0, 4)}`,
        family: "invariance",
        claim: `merging China's labs into one leaves China's ${metric} within 2%`,
        source: "invariance to how a file is written",
        design: { base: "base", variant: "merge-cn-labs" },
        measure: { term: m(`${metric}_CN`), how: "at", date },
        unit: UNITS[metric],
        expect: { within: [-0.02, 0.02], relative: true },
        fix: "a country's standing and its labs' market share already sum over its labs; what is left is what a merge or split really changes (pooled knowledge raises a merged country's standing and slows its state response; each half of a split lab releases smaller open models), which needs a bound of its own",
      }),
    ),
  ),
  {
    id: "split-lab-capability-2040",
    family: "invariance",
    claim: "splitting the EU's lab changes the EU's capability by no more than the scale effect: a run on half the compute, -log10 2 = -0.30 OOM (tolerance 0.02 OOM: each half draws its own research shocks, which leave the better half about 0.005 OOM lower on average by 2040; without research noise the split costs -0.302)",
    source: "docs/model.md, scale effect",
    design: { base: "base", variant: "split-eu-lab" },
    measure: { term: m("capability_EU"), how: "at", date: "2040Q4" },
    unit: "OOM",
    expect: { scaleEffect: "split", country: "EU", tolerance: 0.02 },
    fix: "knowledge absorption and release that scale with budgets, not with fixed amounts per lab",
  },
  {
    id: "merge-labs-capability-2040",
    family: "invariance",
    claim: "merging China's labs raises China's capability by no more than the scale effect: the merged lab's starting capability over the best lab's (its larger run and the best knowledge)",
    source: "docs/model.md, scale effect",
    design: { base: "base", variant: "merge-cn-labs" },
    measure: { term: m("capability_CN"), how: "at", date: "2040Q4" },
    unit: "OOM",
    expect: { scaleEffect: "merge", country: "CN", tolerance: 0.01 },
    fix: "knowledge absorption and release that scale with budgets, not with fixed amounts per lab",
  },
  {
    id: "merge-us-labs-budget-2040",
    family: "invariance",
    claim: "merging the US labs into one leaves the US AI budget within 2%",
    source: "invariance to how a file is written",
    design: { base: "base", variant: "merge-us-labs" },
    measure: { term: m("ai_budget_US"), how: "at", date: "2040Q4" },
    unit: "USD bn/yr",
    expect: { within: [-0.02, 0.02], relative: true },
    fix: "lab funding that does not depend on how many labs a country lists",
  },
  // ---- ablations: every switch moves what docs/model.md says it moves ----
  ab("macro", "compute_total", "2040Q4", -1, 0.02, "GDP that stays put caps budgets sooner: less compute by 2040", "OOM", true),
  ab("budgetGrowth", "frontier_capability", "2030Q4", -1, 0.1, "budgets that do not grow buy less: a lower frontier by 2030", "OOM"),
  ab("compute", "frontier_capability", "2030Q4", -1, 0.1, "no compute bought: a lower frontier by 2030", "OOM"),
  ab("research", "frontier_capability", "2030Q4", -1, 0.1, "no research: a lower frontier by 2030", "OOM"),
  ab("diffusion", "months_behind_CN", "2030Q4", 1, 1, "no absorption from the open pool: China falls further behind by 2030", "months"),
  ab("diffusion", "open_frontier", "2030Q4", -1, 0.05, "no releases into the open pool: a lower open frontier by 2030", "OOM"),
  ab("leakage", "months_behind_CN", "2030Q4", 1, 0.5, "no leakage of closed knowledge: followers fall further behind by 2030", "months"),
  ab("adaptation", "months_behind_CN", "2030Q4", 1, 0.5, "no rivalry response: followers fall further behind by 2030", "months"),
  ab("market", "firm_count_CN", "2030Q4", -1, 1, "no market: no entrants, so fewer firms by 2030", "firms"),
  {
    id: "ablation-power-limit-compute-US",
    family: "ablation",
    claim: "power limit relaxed: where the US's AI data centres cannot connect all the chips its buyers plan (2027), letting them take all the capacity the US power sector adds gives the US more compute",
    source: "calibration.md#dc-power-growth",
    design: { base: "base", variant: "us-power-unlimited" },
    needs: "countries.US.powerAdditions",
    measure: { term: m("compute_US"), how: "at", date: "2027Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.005 },
    fix: "a power limit on the chips a country can connect (powerAdditions x policy.aiPowerShare) that binds where the sources say it does",
  },
  ab("semiconductors", "compute_CN", "2030Q4", 1, 0.05, "no supply chain or export controls: China buys compute at the world price and has more of it by 2030", "OOM", true),
  ab("semiconductors", "domestic_chip_share_CN", "2030Q4", -1, 0.05, "no supply chain: nothing is made at home", "1"),
  ab("learningByDoing", "months_behind_embodied_CN", "2030Q4", 1, 1, "no learning by doing: China's robots no longer lift its embodied AI, and it falls behind the US there by 2030", "months"),
  ab("learningByDoing", "months_behind_medical_CN", "2030Q4", -1, 1, "no learning by doing: China, with about an eighth of the US's AI medical devices, is closer to the US in medical AI by 2030", "months"),
  // ---- the essay's claims ----
  {
    id: "C1-us-leads-start",
    start: true,
    family: "claim",
    claim: "C1: the US leads the frontier at the start (mid-2025)",
    source: "essay claim C1 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: { minus: [m("capability_US"), m("capability_CN")] }, how: "at", date: T0 },
    unit: "OOM",
    expect: { band: [0.01, 3], share: 1 },
    fix: "initial stocks and knowledge",
  },
  {
    id: "C5-china-leads-embodied-2030",
    family: "claim",
    claim: "C5: different countries lead different domains: China, with over 40% of the world's industrial robots (calibration.md#industrial-robots), leads embodied AI in 2030 (0 months behind the domain's frontier)",
    source: "essay claim C5 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: m("months_behind_embodied_CN"), how: "at", date: "2030Q4" },
    unit: "months",
    expect: { band: [0, 0], share: 0.9 },
    fix: "learning by doing from a domain's deployment (countries.<c>.deployment)",
  },
  {
    id: "C5-china-trails-frontier-2030",
    family: "claim",
    claim: "C5: while China leads embodied AI, it trails at the frontier in 2030 (at least a month behind): the leaders differ",
    source: "essay claim C5 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: m("months_behind_CN"), how: "at", date: "2030Q4" },
    unit: "months",
    expect: { band: [1, 60], share: 0.9 },
    fix: "the frontier's drivers (compute, research) apart from the domains'",
  },
  {
    id: "C1-us-compute-lead",
    start: true,
    family: "claim",
    claim: "C1: the US holds most of the world's deployment compute at the start",
    source: "essay claim C1 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: m("compute_share_US"), how: "at", date: T0 },
    unit: "1",
    expect: { band: [0.5, 1], share: 1 },
    fix: "initial stocks",
  },
  {
    id: "C2-diffusion-helps-china-2030",
    family: "claim",
    claim: "C2: diffusion from the open pool narrows China's gap (switching it off widens the gap in OOM by 2030)",
    source: "essay claim C2 (docs/model.md, section 1)",
    design: { base: "base", variant: "no-diffusion" },
    measure: { term: { minus: [m("frontier_capability"), m("capability_CN")] }, how: "at", date: "2030Q4" },
    unit: "OOM",
    expect: { sign: 1, min: 0.02 },
    fix: "diffusion that moves knowledge toward followers rather than equalising labs",
  },
  {
    id: "C2-diffusion-helps-china-2040",
    family: "claim",
    claim: "C2: diffusion narrows China's gap in months by 2040 too (switching it off must not shorten China's lag)",
    source: "essay claim C2 (docs/model.md, section 1)",
    design: { base: "base", variant: "no-diffusion" },
    measure: { term: m("months_behind_CN"), how: "at", date: "2040Q4" },
    unit: "months",
    expect: { sign: 1, min: 0.5 },
    fix: "diffusion that moves knowledge toward followers rather than equalising labs",
  },
  {
    id: "C2-gap-bounded",
    family: "claim",
    claim: "C2: China's gap to the frontier in OOM is bounded: it does not widen from 2028 to 2040",
    source: "essay claim C2 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: { minus: [m("frontier_capability"), m("capability_CN")] }, how: "change", from: "2028Q4", to: "2040Q4" },
    unit: "OOM",
    expect: { band: [-3, 0.05] },
    fix: "catch-up through absorption and domestic chips",
  },
  {
    id: "C3-leakage-slower-than-diffusion",
    family: "claim",
    claim: "C3: closed knowledge circulates more slowly than open releases: without diffusion China falls further behind than without leakage",
    source: "essay claim C3 (docs/model.md, section 1)",
    design: { base: "no-leakage", variant: "no-diffusion" },
    measure: { term: m("months_behind_CN"), how: "at", date: "2030Q4" },
    unit: "months",
    expect: { sign: 1, min: 0.5 },
    fix: "leakage and diffusion that both carry measurable knowledge",
    requires: ["ablation-leakage-months-behind-CN"],
  },
  {
    id: "C3-talent-restrictions",
    family: "claim",
    claim: "C3: restricting foreign talent slows the US frontier by 2030",
    source: "essay claim C3 (docs/model.md, section 1)",
    design: { base: "base", variant: "talent-restrictions" },
    measure: { term: m("capability_US"), how: "at", date: "2030Q4" },
    unit: "OOM",
    expect: { sign: -1, min: 0.01 },
    fix: "talent as a research input",
  },
  {
    id: "C4-price-war-prices",
    family: "claim",
    claim: "C4: a price war lowers prices at fixed capability (2028)",
    source: "essay claim C4 (docs/model.md, section 1)",
    design: { base: "base", variant: "price-war" },
    measure: { term: m("price_index"), how: "at", date: "2028Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.02 },
    fix: "prices set by competition",
  },
  {
    id: "C4-price-war-lab-exits",
    family: "claim",
    claim: "C4: a price war brings more lab exits by 2032 (Darwinian selection), not only more small-firm churn",
    source: "essay claim C4 (docs/model.md, section 1)",
    design: { base: "base", variant: "price-war" },
    measure: { term: { reduce: "sum", name: "lab_exits", over: "country" }, how: "at", date: "2032Q4" },
    unit: "labs",
    expect: { sign: 1, min: 0.1 },
    fix: "labs financed as firms whose margins a price war squeezes",
  },
  {
    id: "C5-milestone-changes-nothing",
    family: "claim",
    claim: "C5: a declared milestone changes nothing: the frontier is the same in every seed",
    source: "essay claim C5 (docs/model.md, section 1)",
    design: { base: "base", variant: "agi-declared" },
    measure: { term: m("frontier_capability"), how: "at", date: "2040Q4" },
    unit: "OOM",
    expect: { zero: true },
    fix: "milestones that only record",
  },
  {
    id: "C5-no-finish-line",
    family: "claim",
    claim: "C5: capability keeps rising to the end: the frontier grows in the last year",
    source: "essay claim C5 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: m("frontier_capability"), how: "change", from: "2039Q4", to: "2040Q4" },
    unit: "OOM",
    expect: { band: [0.01, 5], share: 1 },
    fix: "growth without an upper bound",
  },
  {
    id: "C5-no-monopoly-of-influence",
    family: "claim",
    claim: "C5: no country's share of influence goes to 1 (the largest stays below 0.9 in 2040)",
    source: "essay claim C5 (docs/model.md, section 1)",
    design: { variant: "base" },
    measure: { term: { reduce: "max", name: "influence", over: "country" }, how: "at", date: "2040Q4" },
    unit: "1",
    expect: { band: [0, 0.9], share: 1 },
    fix: "influence as a continuous share of a growing market",
  },
  {
    id: "C6-openness-entries",
    family: "claim",
    claim: "C6: more openness means more entrants (every lab's open weight doubled: more entries by 2035)",
    source: "essay claim C6 (docs/model.md, section 1)",
    design: { base: "base", variant: "open-doubled" },
    measure: { term: { reduce: "sum", name: "entries", over: "country" }, how: "at", date: "2035Q4" },
    unit: "firms",
    expect: { sign: 1, min: 1 },
    fix: "entry that follows the open frontier's distance to the frontier, with openness continuous",
  },
  {
    id: "C6-openness-catch-up",
    family: "claim",
    claim: "C6: more openness means faster catch-up by followers (China's gap in OOM by 2030)",
    source: "essay claim C6 (docs/model.md, section 1)",
    design: { base: "base", variant: "open-doubled" },
    measure: { term: { minus: [m("frontier_capability"), m("capability_CN")] }, how: "at", date: "2030Q4" },
    unit: "OOM",
    expect: { sign: -1, min: 0.01 },
    fix: "followers' gain from a richer pool outweighing what open work costs them: today doubling every lab's open weight moves budget out of China's labs' R&D and compute more than the pool gives back",
  },
  {
    id: "C7-us-open-push-open-lag",
    family: "claim",
    claim: "C7: a US open-source push shortens the open-closed lag (mean 2026-2030)",
    source: "essay claim C7 (docs/model.md, section 1)",
    design: { base: "base", variant: "us-open-source-push" },
    measure: { term: m("open_closed_lag"), how: "mean", from: "2026Q1", to: "2030Q4" },
    unit: "months",
    expect: { sign: -1, min: 0.1 },
    fix: "open releases as models, so that releasing more brings the open frontier closer",
  },
  {
    id: "C7-us-open-push-china",
    family: "claim",
    claim: "C6/C7: a US open-source push shortens China's lag (2030)",
    source: "essay claim C6, C7 (docs/model.md, section 1)",
    design: { base: "base", variant: "us-open-source-push" },
    measure: { term: m("months_behind_CN"), how: "at", date: "2030Q4" },
    unit: "months",
    expect: { sign: -1, min: 0.5 },
    fix: "open releases that followers absorb",
  },
  {
    id: "C8-controls-cut-compute",
    family: "claim",
    claim: "C8: tightened export controls cut China's compute in the short run (2027)",
    source: "essay claim C8 (docs/model.md, section 1)",
    design: { base: "base", variant: "export-controls-tightened" },
    measure: { term: m("compute_CN"), how: "at", date: "2027Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.02 },
    fix: "export controls on chip sales",
  },
  {
    id: "C8-controls-raise-fab-investment",
    family: "claim",
    claim: "C8: tightened export controls raise China's domestic fab investment (2027)",
    source: "essay claim C8 (docs/model.md, section 1)",
    design: { base: "base", variant: "export-controls-tightened" },
    measure: { term: m("fab_investment_CN"), how: "at", date: "2027Q4" },
    unit: "USD bn/yr",
    expect: { sign: 1, min: 0.1 },
    fix: "an induced investment response",
  },
  {
    id: "C8-lifted-raises-compute",
    family: "claim",
    claim: "C8: lifting export controls raises China's compute (2027)",
    source: "essay claim C8 (docs/model.md, section 1)",
    design: { base: "base", variant: "export-controls-lifted" },
    measure: { term: m("compute_CN"), how: "at", date: "2027Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.02 },
    fix: "export controls on chip sales",
  },
  {
    id: "C8-lifted-lowers-fab-investment",
    family: "claim",
    claim: "C8: lifting export controls lowers China's domestic fab investment (2027)",
    source: "essay claim C8 (docs/model.md, section 1)",
    design: { base: "base", variant: "export-controls-lifted" },
    measure: { term: m("fab_investment_CN"), how: "at", date: "2027Q4" },
    unit: "USD bn/yr",
    expect: { sign: -1, min: 0.1 },
    fix: "an induced investment response",
  },
  {
    id: "C8-hbm-squeeze-cuts-compute",
    family: "claim",
    claim: "C8: controls bind where the bottleneck is: with China's HBM stock gone (2028) and no domestic HBM in volume until 2030 (hbm-squeeze), China's chips and compute fall, however many dies its fabs can make (2030)",
    source: "essay claim C8 (docs/model.md, section 1); calibration.md#hbm-stockpile",
    design: { base: "base", variant: "hbm-squeeze" },
    needs: "parameters.cxmtYear",
    measure: { term: m("compute_CN"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.05 },
    fix: "high-bandwidth memory as a bottleneck of the targeted country's chip output",
  },
  {
    id: "C8-h200-licences-raise-compute",
    family: "claim",
    claim: "C8: licensed H200s (h200-licensed: up to 400,000 a year from 2026Q2, for a 25% fee) raise China's compute within two years (2027)",
    source: "essay claim C8 (docs/model.md, section 1); calibration.md#h200-licences",
    design: { base: "base", variant: "h200-licensed" },
    measure: { term: m("compute_CN"), how: "at", date: "2027Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.02 },
    fix: "licences as a quantity of named designs, bought before the rest is withheld",
  },
  {
    id: "C8-h200-licences-cut-fabs",
    family: "claim",
    claim: "C8: the same licences leave China with less fab capacity of its own, as less demand is withheld to induce investment and its buyers spend less on Huawei (2030)",
    source: "essay claim C8 (docs/model.md, section 1); calibration.md#h200-licences",
    design: { base: "base", variant: "h200-licensed" },
    measure: { term: m("fab_capacity_CN"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.01 },
    fix: "induced fab investment that falls when licences meet the demand the controls withheld",
  },
  {
    id: "C2-C8-fab-breakthrough",
    family: "claim",
    claim: "C2/C8: a Chinese fab breakthrough raises China's domestic chip share (2032)",
    source: "essay claim C2, C8 (docs/model.md, section 1)",
    design: { base: "base", variant: "china-fab-breakthrough" },
    measure: { term: m("domestic_chip_share_CN"), how: "at", date: "2032Q4" },
    unit: "1",
    expect: { sign: 1, min: 0.01 },
    fix: "domestic fabs whose yield and capacity respond to the breakthrough",
  },
  {
    id: "C9-scale-out-compute",
    family: "claim",
    claim: "C9: a scale-out strategy (more, weaker chips) raises China's system compute (2030)",
    source: "essay claim C9 (docs/model.md, section 1)",
    design: { base: "base", variant: "scale-out-chips" },
    measure: { term: m("compute_CN"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.02 },
    fix: "scale-out that changes what a country can build, not a hand-set efficiency",
  },
  {
    id: "C9-scale-out-mechanism",
    family: "claim",
    claim: "C9: scale-out itself (8,192-chip systems at their power, with the baseline's network efficiency) raises China's system compute (2030)",
    source: "essay claim C9 (docs/model.md, section 1)",
    design: { base: "base", variant: "scale-out-only" },
    measure: { term: m("compute_CN"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.02 },
    fix: "system compute = chips x per-chip performance x scale-out efficiency, so that more, weaker chips change what a country can build",
  },
  {
    id: "C10-blockade-hurts-us-more",
    family: "claim",
    claim: "C10: a Taiwan blockade (2030) cuts US compute by a larger share than China's (the baseline's US/China compute ratio is above the blockade's), because the US depends on Taiwan more",
    source: "essay claim C10 (docs/model.md, section 1)",
    design: { base: "taiwan-blockade", variant: "base" },
    measure: { term: { div: [m("compute_US"), m("compute_CN")] }, how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.005 },
    fix: "fabs with locations and disruption",
  },
  {
    id: "C10-us-fabs-lower-exposure",
    family: "claim",
    claim: "C10: a prior US fab build-out lowers US exposure to Taiwan when the blockade comes (2030)",
    source: "essay claim C10 (docs/model.md, section 1)",
    design: { base: "taiwan-blockade", variant: "taiwan-blockade-us-fabs" },
    measure: { term: m("exposure_US"), how: "at", date: "2030Q4" },
    unit: "1",
    expect: { sign: -1, min: 0.01 },
    fix: "fab build-out with lags",
  },
  {
    id: "C11-regulation-cuts-deployment",
    family: "claim",
    claim: "C11: heavier regulation slows deployment: fewer AI medical devices in the EU (2030)",
    source: "essay claim C11 (docs/model.md, section 1)",
    design: { base: "base", variant: "heavy-regulation" },
    measure: { term: m("ai_medical_devices_EU"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.1 },
    fix: "regulatory burden that slows deployment in the physical world",
  },
  {
    id: "C11-regulation-slows-deployment",
    family: "claim",
    claim: "C11: heavier regulation slows deployment, and so the experience it brings: lower EU medical AI capability (2035; the effect accumulates with the experience forgone: 0.047 OOM in 2030)",
    source: "essay claim C11 (docs/model.md, section 1)",
    design: { base: "base", variant: "heavy-regulation" },
    measure: { term: m("capability_medical_EU"), how: "at", date: "2035Q4" },
    unit: "OOM",
    expect: { sign: -1, min: 0.05 },
    fix: "regulatory burden in deployment",
  },
  {
    id: "C11-regulation-lowers-demand",
    family: "claim",
    claim: "C11: heavier regulation slows adoption: lower EU AI demand (2030)",
    source: "essay claim C11 (docs/model.md, section 1)",
    design: { base: "base", variant: "heavy-regulation" },
    measure: { term: m("ai_demand_EU"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.005 },
    fix: "adoption that takes time and responds to regulation",
  },
  {
    id: "C11-regulation-cuts-entry",
    family: "claim",
    claim: "C11: heavier regulation slows the entry of foreign operators: fewer driverless vehicles in the EU, all of them foreign (2030)",
    source: "essay claim C11 (docs/model.md, section 1)",
    design: { base: "base", variant: "heavy-regulation" },
    measure: { term: m("driverless_vehicles_EU"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: -1, min: 0.1 },
    fix: "operators that enter a country as far as its regulatory burden against their own lets them (deployment.entry)",
  },
  {
    id: "C11-trust-raises-entry-abroad",
    family: "claim",
    claim: "C11: trust raises adoption abroad: higher Chinese governance brings more of China's driverless fleets abroad (2030)",
    source: "essay claim C11 (docs/model.md, section 1)",
    design: { base: "base", variant: "cn-trusted" },
    measure: { term: m("driverless_vehicles_abroad_CN"), how: "at", date: "2030Q4", log: true },
    unit: "OOM",
    expect: { sign: 1, min: 0.01 },
    fix: "operators that enter a country as far as trust in their own lets them (deployment.entry)",
  },
  {
    id: "C11-trust-raises-adoption-abroad",
    family: "claim",
    claim: "C11: trust raises adoption abroad: higher US governance raises US influence (2030)",
    source: "essay claim C11 (docs/model.md, section 1)",
    design: { base: "base", variant: "us-trusted" },
    measure: { term: m("influence_US"), how: "at", date: "2030Q4" },
    unit: "1",
    expect: { sign: 1, min: 0.001 },
    fix: "trust in the market's choice abroad",
  },
  {
    id: "C13-free-flow-raises-global-capability",
    family: "claim",
    claim: "C13: global capability is higher when knowledge flows more freely (switching diffusion off lowers the countries' mean capability in 2040)",
    source: "essay claim C13 (docs/model.md, section 1)",
    design: { base: "base", variant: "no-diffusion" },
    measure: { term: { reduce: "mean", name: "capability", over: "country" }, how: "at", date: "2040Q4" },
    unit: "OOM",
    expect: { sign: -1, min: 0.01 },
    fix: "diffusion that lifts followers",
  },
  // ---- corroboration: outputs that are not targets, against independent figures ----
  {
    id: "nvidia-revenue-2025",
    family: "corroboration",
    claim: "Nvidia's data-centre revenue was USD 193.7 bn in its fiscal 2026 (Feb 2025-Jan 2026); the model's sales of Nvidia designs at the end of 2025 should be of that order",
    source: "Nvidia, fourth-quarter and fiscal 2026 results (26 Feb 2026)",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "sales", over: "design", of: "Nvidia" }, how: "at", date: "2025Q4" },
    unit: "USD bn/yr",
    expect: { band: [100, 300] },
    fix: "chip output and prices at their measured levels",
  },
  {
    id: "huawei-revenue-2026",
    family: "corroboration",
    claim: "Huawei's AI-chip revenue was about USD 7.5 bn in 2025 and about 12 bn in 2026 (FT, June 2026, via secondary reports)",
    source: "Financial Times (June 2026) via secondary reports",
    design: { variant: "base" },
    measure: { term: { reduce: "sum", name: "sales", over: "design", of: "Huawei" }, how: "at", date: "2026Q2" },
    unit: "USD bn/yr",
    expect: { band: [5, 18] },
    fix: "domestic chip output and prices at their measured levels",
  },
  {
    id: "china-domestic-share-2025",
    start: true,
    family: "corroboration",
    claim: "about half of China's new AI compute was domestic in 2024 (1 M H20 sold, twice the Ascend 910B count, at about twice the H20's performance per chip); a stock that grows 2-3x a year is mostly that recent, so its domestic share in mid-2025 should be near it",
    source: "Financial Times (Jan 2025) via secondary reports",
    design: { variant: "base" },
    measure: { term: m("domestic_chip_share_CN"), how: "at", date: T0 },
    unit: "1",
    expect: { band: [0.2, 0.6] },
    fix: "the initial split of China's compute by origin",
  },
];

/** An ablation: switching `mechanism` off moves `metric` at `date` in direction `sign`, by at least `min`. */
function ab(mechanism: string, metric: string, date: string, sign: 1 | -1, min: number, what: string, unit: string, log = false): CheckDef {
  return {
    id: `ablation-${mechanism}-${metric.replace(/_/g, "-")}`,
    family: "ablation",
    claim: `${mechanism} off: ${what}`,
    source: "docs/model.md, ablation switches",
    design: { base: "base", variant: `no-${mechanism}` },
    measure: { term: m(metric), how: "at", date, log },
    unit: log ? "OOM" : unit,
    expect: { sign, min },
    fix: `a ${mechanism} mechanism whose effect is measurable (${PACE_NOTE})`,
  };
}

export const FLIPS: readonly FlipDef[] = [
  {
    id: "C8-long-run-depends",
    family: "claim",
    claim: "C8: the long-run effect of tighter export controls on China's compute (2040) depends on parameters: its sign flips somewhere across the induced investment and the speed at which China learns to make the controlled tools",
    source: "essay claim C8 (docs/model.md, section 1)",
    changes: "export-controls-tightened",
    axes: [
      { path: "semiconductors.inducedInvestment", values: [0, 0.3, 1, 3, 10] },
      { path: "semiconductors.substitution", values: [0, 0.1, 0.32, 1] },
    ],
    measure: { term: m("compute_CN"), how: "at", date: "2040Q4", log: true },
    unit: "OOM",
    min: 0.01,
    fix: "a target that learns to make the controlled tools and invests what the controls induce, so tighter controls can leave it stronger in the long run (scenarios/experiments/c8-long-run.yaml shows the grid)",
  },
];

export const GAPS: readonly GapDef[] = ["CN", "EU", "JPKR", "TW", "ROW"].map((country) => ({
  id: `gap-${country}`,
  family: "gap",
  country,
  from: "2028Q4",
  to: "2040Q4",
  source: "months behind as Epoch AI measures lags; OOM and effective-compute ratio as the model computes capability",
  fix: "nothing in the mechanisms: months behind stretch as the frontier slows (the frontier-run share saturates around 2029); read the gap in OOM, which the summary, compare, reports and explorer show beside the months",
}));

export const DIRECT: readonly DirectDef[] = [
  {
    id: "rename-invariance",
    family: "invariance",
    kind: "rename",
    claim: "renaming every country, lab, fab and chip design changes no number",
    source: "invariance to how a file is written",
    fix: "each agent's random stream keyed by something neither its name nor its place in the file changes (today streams are labelled by id, so a renamed agent draws other numbers)",
  },
  {
    id: "reorder-invariance",
    family: "invariance",
    kind: "reorder",
    claim: "reversing the order of countries, labs, fabs and chip designs changes no number (beyond rounding)",
    source: "invariance to how a file is written",
    fix: "each agent's random stream keyed by something neither its name nor its place in the file changes; sums in an order that does not follow the file",
  },
  ...(
    [
      ["mistral-open", "firms.Mistral.allocation.open", [0, 0.3], [["open_frontier", 0.05], ["capability_EU", 0.05]]],
      ["deepseek-open", "firms.DeepSeek.allocation.open", [0, 0.3], [["open_frontier", 0.05], ["capability_CN", 0.05]]],
      ["meta-open", "firms.Meta.allocation.open", [0, 0.3], [["open_frontier", 0.05], ["open_closed_lag", 1]]],
      ["us-open-science", "countries.US.policy.openScienceFunding", [0, 20], [["open_frontier", 0.05], ["capability_CN", 0.05]]],
      ["us-talent", "countries.US.policy.talentOpenness", [0, 1], [["capability_US", 0.05]]],
      ["eu-regulation", "countries.EU.policy.regulatoryBurden", [0, 1], [["capability_medical_EU", 0.05]]],
      ["us-governance", "countries.US.policy.governance", [0, 1], [["influence_US", 0.02]]],
      ["cn-fab-subsidy", "countries.CN.policy.fabSubsidy", [0, 0.5], [["capability_CN", 0.05]]],
      ["cn-barrier", "countries.CN.policy.foreignAiBarrier", [0, 1], [["influence_CN", 0.02]]],
      ["us-equipment-controls", "countries.US.policy.exportControls.equipment", [0, 1], [["capability_CN", 0.05]]],
      ["cn-public-compute", "countries.CN.policy.publicComputeSpend", [0, 50], [["capability_CN", 0.05], ["open_frontier", 0.05]]],
      ["cn-fab-investment", "countries.CN.policy.fabInvestment", [0, 50], [["capability_CN", 0.05]]],
      ["cn-domestic-preference", "countries.CN.policy.domesticChipPreference", [0, 2], [["capability_CN", 0.05]]],
    ] as const
  ).map(
    ([id, path, range, outcomes]): DirectDef => ({
      id: `continuity-${id}`,
      family: "invariance",
      kind: "continuity",
      claim: `capability and the open frontier move continuously with ${path} (no jump at a threshold)`,
      source: "mechanisms, not thresholds that relabel an agent",
      fix: "openness and policy as continuous quantities, never a threshold that relabels an agent",
      path,
      range,
      outcomes,
      date: "2030Q4",
    }),
  ),
];
