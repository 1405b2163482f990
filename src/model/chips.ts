/**
 * Semiconductors: chip designs made in fabs, sold under export controls, at prices that move
 * with supply and demand; fabs grow with investment after a lead time, and a country shut out
 * of foreign chips invests in its own fabs (essay claims C8, C9, C10).
 *
 * Fabs (j), each quarter:
 *   e_j     = max over countries k whose controls target the fab's country of E_k
 *   y_j    <- y_j + (Y_j - y_j) * (1 - exp(-L_j * (1 - e_j) * dt))
 *   K_j    <- K_j + arrivals from the pipeline (orders placed T_j earlier)
 *   order_j = I_j * dt / c_j * (1 - e_j)                  new capacity, arriving after T_j
 *   I_j     = r_j * S_j + G_j + N_j                         investment [USD bn/yr]
 *
 * Designs (i) and links (i, j) between a design and a fab that makes it:
 *   P_i    <- P_i * G_i^((1 - e_fab(i)) * dt)               per-chip performance on the roadmap
 *                                                           (the parameter `performance` is this state:
 *                                                           an event scales the current value)
 *   X_ij    = K_j * a_j * y_j * s_ij * n_i * P_i * eta_i * dt      compute made [EFLOP/s]
 *   p_i     = price_i / (P_i * eta_i) / 1000 * m_i            price [USD bn per EFLOP/s]
 *   m_i    <- clamp(m_i * (D_i / X_i)^(kappa * dt), 1/2, 10)  price moves with demand/supply
 *   s_ij   <- s_ij + (v_ij - s_ij) * min(1, alpha * dt)       fab output follows demand value
 *
 * Buyers (countries c, for their labs and public compute):
 *   access_ic = 1, or lambda if a rule of the designer's country covers c and P_i > threshold
 *   cost_ic   = p_i * phi_c * (1 - f_c [fab of i in c]) + W_i * e_c * 8760 / 1e9 / delta
 *   u_ic      = (1 + h_c [i designed in c]) * cost_ic^(-theta) / sum over i of the same
 *   w_ic      = lambda * u_ic for a controlled design; allowed designs share the demand the
 *               controls withhold, in proportion to u_ic (none allowed: that money is unspent)
 *   D_ic      = M_c * dt * w_ic / (p_i * phi_c * (1 - f_c [...]))  compute ordered
 *   bought_ic = D_ic * min(1, X_i / D_i)                        rationed when short
 *   N_c       = epsilon * (1 - access share_c) * M_c            induced fab investment (C8)
 *
 * Symbols and units:
 *   K_j capacity [kwafer/yr], a_j availability [1], y_j yield [1], Y_j yield target [1],
 *   L_j yield learning [1/yr], T_j lead time [yr], c_j capacity cost [USD bn per kwafer/yr],
 *   r_j reinvestment [1], S_j chip sales made on the fab [USD bn/yr], G_j public fab
 *   investment [USD bn/yr] (countries' policy.fabInvestment, split over their fabs by capacity),
 *   E_k equipment controls [1]; n_i chips per wafer, P_i performance [PFLOP/s per chip], G_i
 *   roadmap growth [x/yr], eta_i system efficiency [1], price_i [USD k per chip], W_i power per
 *   unit of compute [MW per EFLOP/s] = system power / (system chips * P_i * eta_i), e_c energy
 *   price [USD/MWh], delta depreciation [1/yr]; M_c compute spending [USD bn/yr], phi_c
 *   countries.<c>.computePriceFactor, f_c policy.fabSubsidy (paid on chips from domestic
 *   fabs), h_c policy.domesticChipPreference, lambda semiconductors.controlLeakage, epsilon
 *   semiconductors.inducedInvestment, kappa priceAdjustment, theta choiceSensitivity, alpha
 *   allocationAdjustment. Sources: the rows of calibration.md cited in the scenario files.
 *
 * Bookkeeping: each country's compute stock is also kept by the fab it came from (depreciating
 * at the same rate), so exposure (share made in semiconductors.exposureTo's fabs) and the
 * domestic chip share are exact shares of the stock. Unfilled orders are not carried over: the
 * price rises instead and the money stays unspent.
 *
 * Switch: mechanisms.semiconductors (off, or no designs: compute is bought at the world price
 * model.computePrice in compute.ts, with no supply limit and no export controls).
 */
import type { Clock } from "../engine/clock.js";
import type { Phase } from "../engine/run.js";
import type { DesignParams, FabParams, SemiconductorParams } from "../scenario/schema.js";
import type { Country, World } from "./world.js";

const HOURS_PER_YEAR = 8760;
const MIN_MARKUP = 0.5;
const MAX_MARKUP = 10;
/** Below this a supply or demand counts as none [EFLOP/s]. */
const TINY = 1e-12;

export interface Design {
  // parameters (event targets under semiconductors.designs.<id>)
  id: string;
  name: string;
  designer: string;
  country: string;
  fabs: string[];
  node: number;
  performance: number;
  performanceGrowth: number;
  power: number;
  memory: number;
  price: number;
  chipsPerWafer: number;
  system: { chips: number; power: number; efficiency: number };
  // state
  /** Index of the designer's country. */
  home: number;
  /** Price relative to list [1]. */
  markup: number;
  /** Price per unit of compute this quarter [USD bn per EFLOP/s]. */
  unitPrice: number;
  /** Compute made this quarter, at an annual rate [EFLOP/s per yr]. */
  output: number;
  /** Compute ordered this quarter [EFLOP/s]. */
  demand: number;
  /** Share of orders filled this quarter [1]. */
  fill: number;
  /** Sales [USD bn/yr]. */
  revenue: number;
  /** Whether any of its fabs can ship this quarter. */
  offered: boolean;
}

export interface Fab {
  // parameters (event targets under semiconductors.fabs.<id>)
  id: string;
  name: string;
  operator: string;
  country: string;
  node: number;
  availability: number;
  yieldTarget: number;
  yieldLearning: number;
  leadTime: number;
  capacityCost: number;
  reinvestment: number;
  // state
  /** Index of the country where the fab is. */
  loc: number;
  /** [kwafer/yr] */
  capacity: number;
  /** [1] */
  yield: number;
  /** Capacity arriving in each of the next quarters, as a ring [kwafer/yr]. */
  pipeline: number[];
  /** Investment this quarter [USD bn/yr]. */
  investment: number;
  /** Chip sales made on this fab this quarter [USD bn/yr]. */
  sales: number;
  /** Equipment-control penalty this quarter [1]. */
  penalty: number;
}

export interface SupplyChain {
  /** Whether compute comes from this supply chain (false: the world price in compute.ts). */
  active: boolean;
  exposureTo: string;
  energyPrice: number;
  controlLeakage: number;
  inducedInvestment: number;
  priceAdjustment: number;
  choiceSensitivity: number;
  allocationAdjustment: number;
  designs: Design[];
  fabs: Fab[];
  /** Index of the exposure country (-1 if none). */
  exposure: number;
  // links between designs and the fabs that make them, flattened
  linkDesign: number[];
  linkFab: number[];
  /** Share of the fab's output going to the design [1]. */
  linkShare: number[];
  /** Compute made on the link this quarter [EFLOP/s]. */
  linkSupply: number[];
  /** Demand value for the design at the fab, scratch [USD bn]. */
  linkValue: number[];
  /** Buyer weights, design-major: [i * countries + c] [1]. */
  weight: number[];
  /** Buyer access, design-major [1]. */
  access: number[];
  /** Share of the list price a buyer pays (country price factor, fab subsidy), design-major [1]. */
  paidFactor: number[];
  /** Compute stock by country and fab of origin: [c * fabs + j] [EFLOP/s]. */
  stock: number[];
  /** Compute made on each fab this quarter [EFLOP/s] (scratch). */
  fabSupply: number[];
  /** Average price paid for compute this quarter, world [USD bn per EFLOP/s]. */
  averagePrice: number;
  /** The same, in the first quarter (the base of price ratios) [USD bn per EFLOP/s]. */
  startPrice: number;
}

function makeDesign(d: DesignParams, home: number): Design {
  return {
    id: d.id,
    name: d.name,
    designer: d.designer,
    country: d.country,
    fabs: [...d.fabs],
    node: d.node,
    performance: d.performance,
    performanceGrowth: d.performanceGrowth,
    power: d.power,
    memory: d.memory,
    price: d.price,
    chipsPerWafer: d.chipsPerWafer,
    system: { chips: d.system.chips, power: d.system.power, efficiency: d.system.efficiency },
    home,
    markup: 1,
    unitPrice: 0,
    output: 0,
    demand: 0,
    fill: 1,
    revenue: 0,
    offered: true,
  };
}

function makeFab(f: FabParams, loc: number, dt: number): Fab {
  const slots = Math.max(1, Math.round(f.leadTime / dt));
  // capacity already under construction: orders that grew at capacityGrowth before the start
  const g = Math.log(f.initial.capacityGrowth);
  const pipeline = new Array<number>(slots).fill(0);
  for (let k = 0; k < slots; k++) pipeline[k] = f.initial.capacity * (Math.exp(g * dt) - 1) * Math.exp(g * k * dt);
  return {
    id: f.id,
    name: f.name,
    operator: f.operator,
    country: f.country,
    node: f.node,
    availability: f.availability,
    yieldTarget: f.yieldTarget,
    yieldLearning: f.yieldLearning,
    leadTime: f.leadTime,
    capacityCost: f.capacityCost,
    reinvestment: f.reinvestment,
    loc,
    capacity: f.initial.capacity,
    yield: f.initial.yield,
    pipeline,
    investment: 0,
    sales: 0,
    penalty: 0,
  };
}

export function initSupplyChain(p: SemiconductorParams | undefined, countries: readonly Country[], clock: Clock): SupplyChain {
  const index = (id: string) => countries.findIndex((c) => c.id === id);
  const fabs = (p?.fabs ?? []).map((f) => makeFab(f, index(f.country), clock.dt));
  const designs = (p?.designs ?? []).map((d) => makeDesign(d, index(d.country)));
  const linkDesign: number[] = [];
  const linkFab: number[] = [];
  const linkShare: number[] = [];
  (p?.designs ?? []).forEach((d, i) =>
    d.fabs.forEach((id) => {
      linkDesign.push(i);
      linkFab.push(fabs.findIndex((f) => f.id === id));
      linkShare.push(d.initial.fabShare);
    }),
  );
  normaliseShares(linkShare, linkFab, fabs.length);
  const n = linkDesign.length;
  return {
    active: designs.length > 0,
    exposureTo: p?.exposureTo ?? "",
    energyPrice: p?.energyPrice ?? 0,
    controlLeakage: p?.controlLeakage ?? 0,
    inducedInvestment: p?.inducedInvestment ?? 0,
    priceAdjustment: p?.priceAdjustment ?? 0,
    choiceSensitivity: p?.choiceSensitivity ?? 0,
    allocationAdjustment: p?.allocationAdjustment ?? 0,
    designs,
    fabs,
    exposure: p === undefined ? -1 : index(p.exposureTo),
    linkDesign,
    linkFab,
    linkShare,
    linkSupply: new Array<number>(n).fill(0),
    linkValue: new Array<number>(n).fill(0),
    weight: new Array<number>(designs.length * countries.length).fill(0),
    access: new Array<number>(designs.length * countries.length).fill(1),
    paidFactor: new Array<number>(designs.length * countries.length).fill(1),
    stock: new Array<number>(countries.length * fabs.length).fill(0),
    fabSupply: new Array<number>(fabs.length).fill(0),
    averagePrice: 0,
    startPrice: 0,
  };
}

/** Makes the shares of each fab's designs sum to 1 (equal shares if all are zero). */
function normaliseShares(share: number[], fab: readonly number[], fabs: number): void {
  for (let j = 0; j < fabs; j++) {
    let total = 0;
    let count = 0;
    for (let l = 0; l < share.length; l++) {
      if (fab[l] !== j) continue;
      total += share[l]!;
      count++;
    }
    for (let l = 0; l < share.length; l++) {
      if (fab[l] !== j) continue;
      share[l] = total > 0 ? share[l]! / total : 1 / count;
    }
  }
}

/** Whether the supply chain supplies compute in this run. */
export function supplyActive(world: World): boolean {
  return world.mechanisms.semiconductors && world.semiconductors.active;
}

/** Equipment-control penalty on fabs located in country `c` [1]. */
function equipmentPenalty(countries: readonly Country[], c: number): number {
  let e = 0;
  for (let k = 0; k < countries.length; k++) {
    const t = countries[k]!.controlTargets;
    for (let x = 0; x < t.length; x++) if (t[x] === c) e = Math.max(e, countries[k]!.policy.exportControls.equipment);
  }
  return e;
}

/** Access of buyers in country `c` to design `d` [1]: 1, or the leakage share under a rule. */
function accessOf(countries: readonly Country[], d: Design, c: number, leakage: number): number {
  if (d.home < 0 || d.home === c) return 1;
  const rule = countries[d.home]!;
  if (d.performance <= rule.policy.exportControls.threshold) return 1;
  const t = rule.controlTargets;
  for (let x = 0; x < t.length; x++) if (t[x] === c) return leakage;
  return 1;
}

/** Price per unit of compute before markup [USD bn per EFLOP/s]. */
function listPrice(d: Design): number {
  return d.price / (d.performance * d.system.efficiency) / 1000;
}

/** Power per unit of delivered compute [MW per EFLOP/s]. */
export function powerPerCompute(d: Design): number {
  return d.system.power / (d.system.chips * d.performance * d.system.efficiency);
}

/** Peak compute of one system [PFLOP/s] and its energy efficiency [PFLOP/s per kW]. */
export function systemPeak(d: Pick<Design, "system" | "performance">): { compute: number; perKw: number } {
  const compute = d.system.chips * d.performance;
  return { compute, perKw: compute / d.system.power };
}

/**
 * Computes buyer weights for this quarter (design-major) from prices, access and preferences.
 * Also used at the start to split the initial compute stocks by origin.
 */
function buyerWeights(world: World, depreciation: number): void {
  const sc = world.semiconductors;
  const { countries } = world;
  const { designs, fabs, linkDesign, linkFab, weight, access } = sc;
  const nc = countries.length;
  const theta = sc.choiceSensitivity;
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    d.unitPrice = listPrice(d) * d.markup;
    // a design none of whose fabs can ship is not on offer
    d.offered = false;
    for (let l = 0; l < linkDesign.length; l++) {
      const f = fabs[linkFab[l]!]!;
      if (linkDesign[l] === i && f.capacity * f.availability > 0) d.offered = true;
    }
  }
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    // weights as if there were no controls
    let total = 0;
    let allowed = 0;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      const a = accessOf(countries, d, c, sc.controlLeakage);
      access[i * nc + c] = a;
      const factor = country.computePriceFactor * (1 - subsidyShare(world, i, c));
      sc.paidFactor[i * nc + c] = factor;
      const paid = d.unitPrice * factor;
      const energy = (powerPerCompute(d) * country.energyPrice * HOURS_PER_YEAR) / 1e9 / Math.max(depreciation, 0.01);
      const pref = d.home === c ? 1 + country.policy.domesticChipPreference : 1;
      const u = d.offered ? pref * Math.pow(paid + energy, -theta) : 0;
      weight[i * nc + c] = u;
      total += u;
      if (a === 1) allowed += u;
    }
    // controlled designs keep the leakage share of their demand; the rest moves to allowed ones
    let withheld = 0;
    for (let i = 0; i < designs.length; i++) {
      const a = access[i * nc + c]!;
      if (a < 1) withheld += (1 - a) * weight[i * nc + c]!;
    }
    for (let i = 0; i < designs.length; i++) {
      const u = weight[i * nc + c]!;
      const a = access[i * nc + c]!;
      const w = a < 1 ? a * u : allowed > 0 ? u * (1 + withheld / allowed) : u;
      weight[i * nc + c] = total > 0 ? w / total : 0;
    }
  }
}

/**
 * Share of design i's price paid by country c's fab subsidy: the subsidy applies to chips from
 * fabs in c, so it is weighted by the share of the design's supply made there.
 */
function subsidyShare(world: World, i: number, c: number): number {
  const sc = world.semiconductors;
  const s = world.countries[c]!.policy.fabSubsidy;
  if (s === 0) return 0;
  let domestic = 0;
  let total = 0;
  for (let l = 0; l < sc.linkDesign.length; l++) {
    if (sc.linkDesign[l] !== i) continue;
    const f = sc.fabs[sc.linkFab[l]!]!;
    const x = sc.linkSupply[l]! > 0 ? sc.linkSupply[l]! : sc.linkShare[l]! * f.capacity * f.yield;
    total += x;
    if (f.loc === c) domestic += x;
  }
  return total > 0 ? (s * domestic) / total : 0;
}

/** Splits each country's initial compute stock by fab of origin, as its buyers would buy now. */
export function initStocks(world: World): void {
  const sc = world.semiconductors;
  if (!supplyActive(world)) return;
  const { countries } = world;
  const nc = countries.length;
  const nf = sc.fabs.length;
  buyerWeights(world, world.model.depreciationRate);
  for (let c = 0; c < nc; c++) {
    const byFab = new Array<number>(nf).fill(0);
    let total = 0;
    for (let l = 0; l < sc.linkDesign.length; l++) {
      const f = sc.fabs[sc.linkFab[l]!]!;
      const x = sc.weight[sc.linkDesign[l]! * nc + c]! * sc.linkShare[l]! * f.capacity * f.yield;
      byFab[sc.linkFab[l]!]! += x;
      total += x;
    }
    for (let j = 0; j < nf; j++) sc.stock[c * nf + j] = total > 0 ? (countries[c]!.compute * byFab[j]!) / total : 0;
  }
}

export const semiconductorPhase: Phase<World> = {
  name: "semiconductors",
  description: "fabs learn yields and add capacity; chips are made, sold under export controls and priced by supply and demand",
  run(world, ctx) {
    if (!supplyActive(world)) return;
    const sc = world.semiconductors;
    const { countries } = world;
    const { designs, fabs, linkDesign, linkFab, linkShare, linkSupply, linkValue, weight, access, stock, fabSupply } = sc;
    const dt = ctx.dt;
    const nc = countries.length;
    const nf = fabs.length;
    const nl = linkDesign.length;
    // the pipeline slot read this quarter; orders placed now go into it and arrive T_j later
    const slot = ctx.step - 1;
    const keep = world.mechanisms.compute ? Math.exp(-world.model.depreciationRate * dt) : 1;
    const buying = world.mechanisms.compute ? 1 : 0;
    for (let c = 0; c < nc; c++) countries[c]!.computeSpend = buying * countries[c]!.policy.publicComputeSpend;
    const firms = world.firms;
    for (let i = 0; i < firms.length; i++) countries[firms[i]!.home]!.computeSpend += buying * firms[i]!.computeSpend;
    for (let x = 0; x < stock.length; x++) stock[x]! *= keep;

    // fabs: equipment controls, yield learning, capacity arriving
    for (let j = 0; j < nf; j++) {
      const f = fabs[j]!;
      f.penalty = equipmentPenalty(countries, f.loc);
      f.yield += (f.yieldTarget - f.yield) * (1 - Math.exp(-f.yieldLearning * (1 - f.penalty) * dt));
      const s = slot % f.pipeline.length;
      f.capacity += f.pipeline[s]!;
      f.pipeline[s] = 0;
      fabSupply[j] = 0;
      f.sales = 0;
    }
    // designs: roadmap, supply
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      let penalty = 0;
      for (let l = 0; l < nl; l++) if (linkDesign[l] === i) penalty = Math.max(penalty, fabs[linkFab[l]!]!.penalty);
      d.performance *= Math.pow(d.performanceGrowth, (1 - penalty) * dt);
      d.output = 0;
      d.demand = 0;
      d.revenue = 0;
    }
    for (let l = 0; l < nl; l++) {
      const f = fabs[linkFab[l]!]!;
      const d = designs[linkDesign[l]!]!;
      const x = f.capacity * f.availability * f.yield * linkShare[l]! * d.chipsPerWafer * d.performance * d.system.efficiency * dt;
      linkSupply[l] = x;
      d.output += x;
    }

    // buyers
    buyerWeights(world, world.model.depreciationRate);
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      country.purchased = 0;
      country.spent = 0;
      for (let i = 0; i < designs.length; i++) {
        const d = designs[i]!;
        d.demand += (country.computeSpend * dt * weight[i * nc + c]!) / (d.unitPrice * sc.paidFactor[i * nc + c]!);
      }
    }
    let bought = 0;
    let paidTotal = 0;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      d.fill = d.demand > TINY ? Math.min(1, d.output / d.demand) : 1;
    }
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      let shut = 0;
      let offered = 0;
      for (let i = 0; i < designs.length; i++) {
        const d = designs[i]!;
        const w = weight[i * nc + c]!;
        offered += d.output;
        shut += d.output * (1 - access[i * nc + c]!);
        if (w === 0) continue;
        const paid = d.unitPrice * sc.paidFactor[i * nc + c]!;
        const money = country.computeSpend * dt * w * d.fill;
        const got = money / paid;
        country.purchased += got;
        country.spent += money / dt;
        d.revenue += (got * d.unitPrice) / dt;
        bought += got;
        paidTotal += got * d.unitPrice;
        // stock by origin: in proportion to what each of the design's fabs made
        if (d.output > 0) {
          for (let l = 0; l < nl; l++) if (linkDesign[l] === i) stock[c * nf + linkFab[l]!]! += (got * linkSupply[l]!) / d.output;
        }
      }
      country.chipAccess = offered > 0 ? 1 - shut / offered : 1;
      country.inducedInvestment = 0;
      country.fabInvestment = 0;
    }
    sc.averagePrice = bought > 0 ? paidTotal / bought : sc.averagePrice;
    if (sc.startPrice === 0) sc.startPrice = sc.averagePrice;

    // prices and fab allocation follow demand
    const k = sc.priceAdjustment * dt;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      const ratio = (d.demand + TINY) / (d.output + TINY);
      d.markup = Math.min(MAX_MARKUP, Math.max(MIN_MARKUP, d.markup * Math.pow(ratio, k)));
    }
    const pull = Math.min(1, sc.allocationAdjustment * dt);
    for (let l = 0; l < nl; l++) {
      const d = designs[linkDesign[l]!]!;
      linkValue[l] = d.demand * d.unitPrice;
      fabs[linkFab[l]!]!.sales += d.output > 0 ? (d.revenue * linkSupply[l]!) / d.output : 0;
    }
    for (let j = 0; j < nf; j++) {
      let total = 0;
      for (let l = 0; l < nl; l++) if (linkFab[l] === j) total += linkValue[l]!;
      if (total <= 0) continue;
      for (let l = 0; l < nl; l++) if (linkFab[l] === j) linkShare[l]! += (linkValue[l]! / total - linkShare[l]!) * pull;
    }

    // fab investment: reinvested sales, public money and the induced response, then orders
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      const induced = sc.inducedInvestment * (1 - country.chipAccess) * country.computeSpend;
      let domestic = 0;
      let count = 0;
      for (let j = 0; j < nf; j++) {
        if (fabs[j]!.loc !== c) continue;
        domestic += fabs[j]!.capacity;
        count++;
      }
      if (count === 0) continue;
      country.inducedInvestment = induced;
      const money = country.policy.fabInvestment + induced;
      for (let j = 0; j < nf; j++) {
        const f = fabs[j]!;
        if (f.loc !== c) continue;
        f.investment = domestic > 0 ? (money * f.capacity) / domestic : money / count;
      }
    }
    for (let j = 0; j < nf; j++) {
      const f = fabs[j]!;
      f.investment += f.reinvestment * f.sales;
      f.pipeline[slot % f.pipeline.length]! += ((f.investment * dt) / f.capacityCost) * (1 - f.penalty);
      countries[f.loc]!.fabInvestment += f.investment;
    }
  },
};
