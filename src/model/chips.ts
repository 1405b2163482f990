/**
 * Semiconductors: chip designs made in fabs, sold under export controls, at prices that move
 * with supply and demand; fabs grow with investment after a lead time, and a country whose
 * demand the controls withhold invests in its own fabs (essay claims C8, C9, C10).
 *
 * Fabs (j), each quarter:
 *   e_j     = max over countries k whose controls target the fab's country of E_k
 *   y_j    <- y_j + (Y_j - y_j) * (1 - exp(-L_j * (1 - e_j) * dt))
 *   K_j    <- K_j exp(-delta_j dt) + the capacity ordered T_j earlier
 *   order_j = I_j * dt / c_j                                new capacity, arriving after T_j
 *   at the start, on order for each of the first T_j / dt quarters k:
 *             K_j(0) (G_j^dt - exp(-delta_j dt)) G_j^(k dt)  (growth at G_j after retirement)
 *   I_j     = r_j * S_j + (G_c + N_c) / n_c                 investment [USD bn/yr]
 *
 * Process technology of each country c with fabs, after the quarter's investment:
 *   E_c          = max over countries k whose controls target c of E_k
 *   d_c         <- d_c * exp(-z * E_c * dt),  d_c = 1 at the start     tool dependence [1]
 *   dLambda_c/dt = E_c d_c - u * s_c * Lambda_c,  s_c = I_c / sum over countries of I_c
 *                  (E_c d_c at its mean over the quarter, d_c (1 - exp(-z E_c dt)) / (z dt))
 *                                                           lag behind the leading node [yr]
 *
 * Designs (i) and links (i, j) between a design and a fab that makes it:
 *   P_i    <- P_i * G_i^dt, and at the end of the quarter   per-chip performance on the roadmap
 *   P_i    <- P_i * G_i^(-sum over its links of the link's share of its output x dLambda of the
 *             fab's country)                                (the parameter `performance` is this
 *                                                           state: an event scales its current value)
 *   eta_i   = e_i * (N_i P_i / S_ref(t))^b,  S_ref(t) = S_0 * 2^((t - t0) / T2),
 *             b = -log2(1 - l)                                  delivered efficiency (scale-out)
 *   X_ij    = K_j * a_j * y_j * s_ij * n_i * P_i * eta_i * dt      compute made [EFLOP/s]
 *   p_i     = price_i / (P_i * eta_i) / 1000 * m_i            price [USD bn per EFLOP/s]
 *   m_i    <- clamp(m_i * (D_i / (X_i + V_i))^(kappa * dt), 1/2, 10)   price moves with demand/supply
 *   s_ij   <- s_ij + (v_ij - s_ij) * min(1, alpha * dt)       fab output follows demand value
 *
 * Buyers (countries c, for their labs and public compute), with planned spending M_c:
 *   reach_ik  = 1 if i is designed in k; else F_k * (share of i made outside k's targets)
 *   access_ic = min over rules k that target c with P_i > threshold_k of 1 - reach_ik, bound
 *               by the rule k(i, c) that gives the minimum
 *   cost_ic   = p_i * phi_c * (1 - f_c * d_ic) + W_i * e_c * 8760 / delta / 1e9
 *   u_ic      = (1 + h_c [i designed in c]) * sw_i * cost_ic^(-theta) / sum over i of the same
 *               (u_ic = 0 where i is not offered to c: designs[].markets, or where it is offered
 *               only to the targets of a rule that neither lets it through nor licenses it)
 *   want_ic   = M_c u_ic (1 - access_ic) * 1000 / (price_i m_i phi_c)   controlled chips wanted
 *               [k chips/yr], for each design i that rule k binds
 *   r_ic      = ((p_i phi_c pi + energy_ic) / cost_ic)^(-theta)   appeal of smuggled chips (0 for
 *               a design offered only to k's targets: smuggled chips are diverted from elsewhere)
 *   g_ic      = 1 + fee_k v_i / phi_c;  q_ic = ((p_i phi_c g_ic + energy_ic) / cost_ic)^(-theta)
 *               price multiple and appeal of licensed chips (the fee is fee_k v_i p_i a unit)
 *   lic_k     = min(1, L_k / sum over the designs k licenses (licensedDesigns) of want_ic q_ic / g_ic)
 *   smug_k    = min(1, Q_k / (sum over the designs k binds of want_ic r_ic / pi, those it
 *               licenses counted (1 - lic_k)))      shares of the want licences and smuggling meet
 *   legal_ic  = access_ic + (1 - access_ic) lic_ik, lic_ik = lic_k where k licenses i, else 0
 *   ml_ic     = (1 - access_ic) lic_ik q_ic;  sm_ic = (1 - legal_ic) r_ic smug_k   money shares
 *   w_ic      = (access_ic + ml_ic + sm_ic) * u_ic for a controlled design, paid at the factor
 *               phi_c (access_ic + ml_ic + sm_ic) / (access_ic + ml_ic / g_ic + sm_ic / pi), of
 *               which ml_ic (1 - 1 / g_ic) goes to k's government (licence_revenue); allowed
 *               designs share the demand that stays withheld, in proportion to u_ic (none
 *               allowed: unspent), after what turns to licensed designs (z_ic x_k, below)
 *   W_c       = sum over controlled designs of (1 - access_ic - ml_ic - sm_ic) * u_ic   demand withheld
 *   S_k       = L_k less the chips lic_k meets where lic_k = 1, else 0     licences left [k chips/yr]
 *   z_ic      = W_c u_ic q_ic / (sum over allowed j of u_jc + sum over licensed j with S_k > 0 of
 *               u_jc q_jc)   withheld demand turning to a licensed design with licences left; rule
 *               k meets the share x_k = min(1, S_k / the chips all z_ic of its designs want) of it,
 *               bought as ml_ic; the rest of W_c goes to the allowed designs
 *   round 1:  D_i = sum_c M_c dt w_ic / (p_i phi_c (1 - f_c d_ic)); each order filled
 *             min(1, (X_i + V_i) / D_i), V_i the compute of the design's inventory (chips made
 *             before the start, initial.inventory), which meets what the output does not
 *   round 2:  the money left unspent goes to the designs with supply left that the buyer may
 *             buy freely (access 1), in proportion to w_ic among them, filled pro rata again
 *             (licensed and smuggled chips are bought in round 1 only)
 *   N_c       = epsilon * (W_c - sum over i of z_ic x_k) * M_c      induced fab investment (C8)
 *
 * Symbols and units:
 *   K_j capacity [kwafer/yr], delta_j retirement [1/yr] (capacity that ages out of AI chips),
 *   G_j initial.capacityGrowth [x/yr], a_j availability [1], y_j yield [1], Y_j yield target [1],
 *   L_j yield learning [1/yr], T_j lead time [yr], c_j capacity cost [USD bn per kwafer/yr],
 *   r_j reinvestment [1], S_j sales of chips made on the fab [USD bn/yr], G_c public fab
 *   investment of the fab's country [USD bn/yr] (policy.fabInvestment), n_c its number of
 *   fabs (public and induced money is shared equally, so a new site with no capacity can grow),
 *   E_k equipment controls [1]: the share of the leading node's yearly progress a targeted
 *   country's fabs cannot follow (they also slow its fabs' yield learning); u semiconductors.catchUp
 *   [1/yr]; z semiconductors.substitution [1/yr]: how fast the controls' pressure makes the
 *   targeted country make the controlled tools itself; Lambda_c countries.<c>.initial.processLag at the start [yr]; I_c the investment in
 *   c's fabs [USD bn/yr]; F_k foreign product rule [1]; n_i chips per wafer, P_i
 *   performance [PFLOP/s per chip], G_i roadmap growth [x/yr], e_i system.efficiency, what the
 *   design's systems deliver of their peak in a large run when they are the reference size [1],
 *   N_i chips per system, eta_i delivered efficiency [1]: a run of a given size spans
 *   S_ref / (N_i P_i) times as many systems as on the reference system, and each doubling of the
 *   systems a run links loses the share l (semiconductors.scaleOutLoss) to communication; S_0
 *   semiconductors.referenceSystem [PFLOP/s], which grows along the hardware roadmap (T2
 *   model.hardwareDoublingTime), so a design that keeps pace with the roadmap keeps its
 *   efficiency (runs grow faster, 4-5x a year; networks are taken to keep up with that part). More, weaker chips in larger systems (C9) deliver more of their peak,
 *   at their systems' power; eta_i can exceed e_i (and 1) for systems larger than the reference:
 *   compute is counted as the reference system of the time would deliver it. Without l, eta_i = e_i;
 *   price_i [USD k per chip], sw_i software ecosystem [1], W_i power per unit of compute
 *   [MW per EFLOP/s] = system power / (system chips * P_i * eta_i), e_c energy price [USD/MWh]
 *   (the country's, else semiconductors.energyPrice), delta depreciation [1/yr]; M_c compute
 *   spending of labs and government [USD bn/yr], phi_c countries.<c>.computePriceFactor, f_c
 *   policy.fabSubsidy, d_ic share of design i made in c, h_c policy.domesticChipPreference,
 *   L_k and Q_k the rule's licensed and smuggling [k chips/yr], fee_k its licenceFee [1], v_i the
 *   design's vendorShare [1], pi semiconductors.smugglingPremium
 *   (phi_c in want_k and r_ic is the share of the price the buyer pays, phi_c (1 - f_c d_ic)),
 *   energy_ic the lifetime energy term of cost_ic, epsilon semiconductors.inducedInvestment, kappa
 *   priceAdjustment, theta choiceSensitivity, alpha allocationAdjustment, v_ij the value of the
 *   orders for design i as a share of all orders for the fab's designs. Sources: the rows of
 *   calibration.md cited in the scenario files.
 *
 * Sales: a design's `sales` metric is its maker's revenue, the compute bought of it x p_i x
 * vendorShare_i (the design's prices are all-in: chip, system, networking, power and building;
 * output left unsold earns nothing). A fab's S_j, which
 * it reinvests, is the all-in value of the systems its chips go into, as r_j is sourced.
 *
 * Bookkeeping: each country's compute stock is also kept by the fab it came from (depreciating
 * at the same rate), so exposure (share made in semiconductors.exposureTo's fabs) and the
 * domestic chip share are exact shares of the stock. At the start the stock is split as the
 * country's buyers would buy in the first quarter. The power the stock draws at full use is kept
 * the same way: each purchase adds its compute times W_i, and it retires with the stock; at the
 * start it is the stock times the W of the first quarter's purchases. Unfilled orders are not carried over: the
 * price rises instead and the money stays unspent. Weights are computed in logs, so no cost
 * overflows or underflows.
 *
 * Switch: mechanisms.semiconductors (off, or no designs: compute is bought at the world price
 * model.computePrice in compute.ts, with no supply limit and no export controls).
 */
import type { Clock } from "../engine/clock.js";
import type { Phase } from "../engine/run.js";
import type { DesignParams, FabParams, SemiconductorParams } from "../scenario/schema.js";
import { plannedSpending } from "./investment.js";
import type { Country, Design, Fab, SupplyChain, World } from "./world.js";
import { blank, each, numbers, strings } from "./fill.js";
import * as fm from "../engine/fmath.js";

const HOURS_PER_YEAR = 8760;
const MIN_MARKUP = 0.5;
const MAX_MARKUP = 10;
/** Below this a supply or demand counts as none [EFLOP/s]. */
const TINY = 1e-12;
/**
 * A design counts as sold out in round 2 when less than this share of its output is left: what
 * is left after round 1 is a difference of large numbers, and its rounding (about 1e-15 of the
 * output, different when agents are listed in another order) must not decide whether buyers
 * spread their remaining money over it.
 */
const SOLD_OUT = 1e-9;

function fillDesign(prev: Design | undefined, d: DesignParams, home: number): Design {
  const t = blank(prev);
  t.id = d.id;
  t.name = d.name;
  t.designer = d.designer;
  t.country = d.country;
  t.fabs = strings(prev?.fabs, d.fabs);
  t.node = d.node;
  t.performance = d.performance;
  t.performanceGrowth = d.performanceGrowth;
  t.power = d.power;
  t.memory = d.memory;
  t.hbmStacks = d.hbmStacks ?? 0;
  t.price = d.price;
  t.chipsPerWafer = d.chipsPerWafer;
  t.software = d.software ?? 1;
  t.vendorShare = d.vendorShare ?? 1;
  const sys = blank(prev?.system);
  sys.chips = d.system.chips;
  sys.power = d.system.power;
  sys.efficiency = d.system.efficiency;
  t.system = sys;
  t.home = home;
  t.firstLink = 0;
  t.endLink = 0;
  t.markup = 1;
  t.unitPrice = 0;
  t.delivered = d.system.efficiency;
  t.logSoftware = 0;
  t.output = 0;
  t.demand = 0;
  t.spare = 0;
  t.fill = 1;
  t.revenue = 0;
  t.inventory = d.initial.inventory ?? 0;
  t.inventoryPerformance = d.performance;
  t.supply = 0;
  t.stocked = 0;
  t.fromInventory = 0;
  t.offered = true;
  return t;
}

function fillFab(prev: Fab | undefined, f: FabParams, loc: number, dt: number): Fab {
  const slots = Math.max(1, Math.round(f.leadTime / dt));
  // capacity already under construction: orders that grew at capacityGrowth before the start
  const g = fm.log(f.initial.capacityGrowth);
  const retire = f.retirement ?? 0;
  const pipeline = numbers(prev?.pipeline, slots, 0);
  // each quarter's arrivals grow the capacity at g after what retires: K (e^(g dt) - e^(-delta dt))
  for (let k = 0; k < slots; k++) pipeline[k] = f.initial.capacity * (fm.exp(g * dt) - fm.exp(-retire * dt)) * fm.exp(g * k * dt);
  const t = blank(prev);
  t.id = f.id;
  t.name = f.name;
  t.operator = f.operator;
  t.country = f.country;
  t.node = f.node;
  t.availability = f.availability;
  t.yieldTarget = f.yieldTarget;
  t.yieldLearning = f.yieldLearning;
  t.leadTime = f.leadTime;
  t.capacityCost = f.capacityCost;
  t.reinvestment = f.reinvestment;
  t.retirement = retire;
  t.loc = loc;
  t.capacity = f.initial.capacity;
  t.yield = f.initial.yield;
  t.pipeline = pipeline;
  t.investment = 0;
  t.sales = 0;
  t.penalty = 0;
  t.demandValue = 0;
  return t;
}

/** The supply chain at the start, in `prev` if given (a world from an earlier run; init.ts). */
export function fillSupplyChain(prev: SupplyChain | undefined, p: SemiconductorParams | undefined, countries: readonly Country[], clock: Clock): SupplyChain {
  const index = (id: string) => countries.findIndex((c) => c.id === id);
  const fabs = each(prev?.fabs, p?.fabs ?? [], (q, f) => fillFab(q, f, index(f.country), clock.dt));
  const designs = each(prev?.designs, p?.designs ?? [], (q, d) => fillDesign(q, d, index(d.country)));
  let n = 0;
  for (const d of p?.designs ?? []) n += d.fabs.length;
  const linkDesign = numbers(prev?.linkDesign, n, 0);
  const linkFab = numbers(prev?.linkFab, n, 0);
  const linkShare = numbers(prev?.linkShare, n, 0);
  let l = 0;
  (p?.designs ?? []).forEach((d, i) => {
    designs[i]!.firstLink = l;
    d.fabs.forEach((id) => {
      linkDesign[l] = i;
      linkFab[l] = fabs.findIndex((f) => f.id === id);
      linkShare[l] = d.initial.fabShare;
      l++;
    });
    designs[i]!.endLink = l;
  });
  for (const f of fabs) countries[f.loc]!.fabCount++;
  // HBM capacity on order, one slot a quarter over the memory lead time (one idle slot without)
  const memorySlots = p?.memory === undefined ? 1 : Math.max(1, Math.round(p.memory.leadTime / clock.dt));
  for (const c of countries) c.hbmPipeline = numbers(c.hbmPipeline, memorySlots, 0);
  normaliseShares(linkShare, linkFab, fabs.length);
  const t = blank(prev);
  t.active = designs.length > 0;
  t.exposureTo = p?.exposureTo ?? "";
  t.energyPrice = p?.energyPrice ?? 0;
  t.smugglingPremium = p?.smugglingPremium ?? 1;
  t.inducedInvestment = p?.inducedInvestment ?? 0;
  t.priceAdjustment = p?.priceAdjustment ?? 0;
  t.choiceSensitivity = p?.choiceSensitivity ?? 0;
  t.allocationAdjustment = p?.allocationAdjustment ?? 0;
  t.catchUp = p?.catchUp ?? 0;
  t.substitution = p?.substitution ?? 0;
  t.scaleOutLoss = p?.scaleOutLoss ?? 0;
  t.referenceSystem = p?.referenceSystem ?? 0;
  const mem = blank(prev?.memory);
  mem.inducedInvestment = p?.memory?.inducedInvestment ?? 0;
  mem.capacityCost = p?.memory?.capacityCost ?? 0;
  mem.leadTime = p?.memory?.leadTime ?? 0;
  t.memory = mem;
  t.designs = designs;
  t.fabs = fabs;
  t.exposure = p === undefined ? -1 : index(p.exposureTo);
  t.linkDesign = linkDesign;
  t.linkFab = linkFab;
  t.linkShare = linkShare;
  t.linkSupply = numbers(prev?.linkSupply, n, 0);
  t.linkValue = numbers(prev?.linkValue, n, 0);
  t.weight = numbers(prev?.weight, designs.length * countries.length, 0);
  t.access = numbers(prev?.access, designs.length * countries.length, 1);
  t.paidFactor = numbers(prev?.paidFactor, designs.length * countries.length, 1);
  t.binding = numbers(prev?.binding, designs.length * countries.length, -1);
  t.licensedShare = numbers(prev?.licensedShare, designs.length * countries.length, 0);
  t.smuggledShare = numbers(prev?.smuggledShare, designs.length * countries.length, 0);
  const nx = designs.length * countries.length;
  // which designs each rule's licences cover, and which buyers each design is offered to
  t.licensable = numbers(prev?.licensable, nx, 0);
  t.marketOpen = numbers(prev?.marketOpen, nx, 1);
  t.smugglable = numbers(prev?.smugglable, nx, 1);
  (p?.designs ?? []).forEach((d, i) => {
    for (let k = 0; k < countries.length; k++) {
      const listed = countries[k]!.policy.exportControls.licensedDesigns;
      t.licensable[i * countries.length + k] = listed.length === 0 || listed.includes(d.id) ? 1 : 0;
      t.marketOpen[i * countries.length + k] = d.markets === undefined || d.markets.includes(countries[k]!.id) ? 1 : 0;
      const targets = countries[k]!.policy.exportControls.targets;
      t.smugglable[i * countries.length + k] = d.markets === undefined || d.markets.some((m) => !targets.includes(m)) ? 1 : 0;
    }
  });
  t.licenceAppeal = numbers(prev?.licenceAppeal, nx, 1);
  t.licenceMarkup = numbers(prev?.licenceMarkup, nx, 1);
  t.feeShare = numbers(prev?.feeShare, nx, 0);
  t.substitute = numbers(prev?.substitute, nx, 0);
  t.spareLicences = numbers(prev?.spareLicences, countries.length, 0);
  t.substituteWanted = numbers(prev?.substituteWanted, countries.length, 0);
  t.substituteMet = numbers(prev?.substituteMet, countries.length, 0);
  t.allowedWeight = numbers(prev?.allowedWeight, countries.length, 0);
  t.openLicensed = numbers(prev?.openLicensed, countries.length, 0);
  t.quotaWanted = numbers(prev?.quotaWanted, countries.length, 0);
  t.smuggleWanted = numbers(prev?.smuggleWanted, countries.length, 0);
  t.smuggleWantedLicensable = numbers(prev?.smuggleWantedLicensable, countries.length, 0);
  t.quotaLicensed = numbers(prev?.quotaLicensed, countries.length, 0);
  t.quotaSmuggled = numbers(prev?.quotaSmuggled, countries.length, 0);
  t.stock = numbers(prev?.stock, countries.length * fabs.length, 0);
  t.linkShareOfDesign = numbers(prev?.linkShareOfDesign, n, 0);
  t.left = numbers(prev?.left, designs.length, 0);
  t.bought = 0;
  t.paidTotal = 0;
  t.averagePrice = 0;
  t.startPrice = 0;
  return t;
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

/**
 * The strongest of the rules that target country `c` on `what` [1]: the equipment-control
 * penalty on fabs located in c, or the share of the HBM its chip designers need that is withheld.
 */
function strongestRule(countries: readonly Country[], c: number, what: "equipment" | "memory"): number {
  let e = 0;
  for (let k = 0; k < countries.length; k++) {
    const t = countries[k]!.controlTargets;
    for (let x = 0; x < t.length; x++) if (t[x] === c) e = Math.max(e, countries[k]!.policy.exportControls[what]);
  }
  return e;
}

/**
 * Access of buyers in country `c` to design `i` [1]: 1, or less under a rule. A rule covers the
 * chips its own country designs, and, as far as its foreign product rule reaches, chips designed
 * in third countries that are made outside the targets. The rule that binds (the lowest access;
 * the stricter on a tie) is kept in sc.binding, -1 if none.
 */
function accessOf(world: World, i: number, c: number): number {
  const sc = world.semiconductors;
  const countries = world.countries;
  const d = sc.designs[i]!;
  const nc = countries.length;
  sc.binding[i * nc + c] = -1;
  if (d.home === c) return 1;
  let access = 1;
  for (let k = 0; k < countries.length; k++) {
    const rule = countries[k]!.policy.exportControls;
    if (d.performance <= rule.threshold) continue;
    const t = countries[k]!.controlTargets;
    let targeted = false;
    for (let x = 0; x < t.length; x++) if (t[x] === c) targeted = true;
    if (!targeted) continue;
    // how much of the design the rule reaches: all of it if designed in k, else the foreign
    // product rule's share of the output made outside the targets
    let reach = 1;
    if (d.home !== k) {
      let outside = 0;
      for (let l = d.firstLink; l < d.endLink; l++) {
        const loc = sc.fabs[sc.linkFab[l]!]!.loc;
        let inTargets = false;
        for (let x = 0; x < t.length; x++) if (t[x] === loc) inTargets = true;
        if (!inTargets) outside += sc.linkShareOfDesign[l]!;
      }
      reach = rule.foreignProductRule * outside;
    }
    const b = sc.binding[i * nc + c]!;
    if (1 - reach < access || (reach > 0 && 1 - reach === access && b >= 0 && stricter(sc, i, k, b, countries))) {
      access = 1 - reach;
      sc.binding[i * nc + c] = k;
    }
  }
  return access;
}

/**
 * Whether country a's rule lets fewer chips of design i through than country b's (fewer
 * licensed, counting only licences that cover i, then fewer smuggled; the lower id on a full
 * tie): of two rules that withhold a design equally, the stricter one binds, whatever order the
 * countries are listed in.
 */
function stricter(sc: SupplyChain, i: number, a: number, b: number, countries: readonly Country[]): boolean {
  const nc = countries.length;
  const x = countries[a]!.policy.exportControls;
  const y = countries[b]!.policy.exportControls;
  const lx = sc.licensable[i * nc + a] === 1 ? x.licensed : 0;
  const ly = sc.licensable[i * nc + b] === 1 ? y.licensed : 0;
  if (lx !== ly) return lx < ly;
  if (x.smuggling !== y.smuggling) return x.smuggling < y.smuggling;
  return countries[a]!.id < countries[b]!.id;
}

/** Price per unit of compute before markup [USD bn per EFLOP/s]. */
function listPrice(d: Design): number {
  return d.price / (d.performance * d.delivered) / 1000;
}

/** Power per unit of delivered compute [MW per EFLOP/s]. */
export function powerPerCompute(d: Design): number {
  return d.system.power / (d.system.chips * d.performance * d.delivered);
}

/**
 * Delivered efficiency of a design's systems `years` after the start [1]:
 * system.efficiency x (S / S_ref(t))^b, with S the system's peak [PFLOP/s], S_ref(t) the
 * reference system grown along the hardware roadmap and b = -log2(1 - scaleOutLoss). A run of
 * a given size spans S_ref / S times as many systems as on the reference, and each doubling of
 * the systems it links loses the share scaleOutLoss. Without scaleOutLoss, system.efficiency.
 */
export function deliveredEfficiency(d: Pick<Design, "system" | "performance">, scaleOutLoss: number, referenceSystem: number, doublingTime: number, years: number): number {
  if (scaleOutLoss <= 0 || referenceSystem <= 0) return d.system.efficiency;
  const b = -fm.log(1 - scaleOutLoss) / Math.LN2;
  const reference = referenceSystem * fm.exp((Math.LN2 * years) / doublingTime);
  return d.system.efficiency * fm.exp(b * fm.log((d.system.chips * d.performance) / reference));
}

/** Peak compute of one system [PFLOP/s] and its energy efficiency [PFLOP/s per kW]. */
export function systemPeak(d: Pick<Design, "system" | "performance">): { compute: number; perKw: number } {
  const compute = d.system.chips * d.performance;
  return { compute, perKw: compute / d.system.power };
}

/**
 * Compute each link makes this quarter, each design's output, and each fab's share of it, at
 * each design's delivered efficiency `years` after the start.
 */
function makeChips(world: World, dt: number, years: number): void {
  const sc = world.semiconductors;
  const { designs, fabs, linkFab, linkSupply, linkShare, linkShareOfDesign } = sc;
  const doubling = world.model.hardwareDoublingTime;
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    d.delivered = deliveredEfficiency(d, sc.scaleOutLoss, sc.referenceSystem, doubling, years);
    d.output = 0;
    for (let l = d.firstLink; l < d.endLink; l++) {
      const f = fabs[linkFab[l]!]!;
      const x = f.capacity * f.availability * f.yield * linkShare[l]! * d.chipsPerWafer * d.performance * d.delivered * dt;
      linkSupply[l] = x;
      d.output += x;
    }
    d.supply = d.output + d.inventory * d.inventoryPerformance * d.delivered;
    d.offered = d.supply > 0;
    for (let l = d.firstLink; l < d.endLink; l++) linkShareOfDesign[l] = d.output > 0 ? linkSupply[l]! / d.output : 1 / (d.endLink - d.firstLink);
  }
}

/**
 * HBM (high-bandwidth memory): a design whose country a rule withholds HBM from
 * (exportControls.memory, the share withheld) needs that share of its stacks from the country's
 * stock and domestic output. Where they fall short, each of the country's designs that needs HBM
 * is made in proportion to the stacks there are (designs that need none are not cut). Domestic
 * output is used first and the stock makes up the rest; domestic output beyond the need goes to
 * other uses, so the stock only falls. Domestic output expands with the logic fabs it serves,
 * and with the capacity that the shortage itself induces (inducedMemory, below).
 * With `draw` false (the preview at the start) the stock is only read.
 *   H_c     = m_c * K_c / 1000 + C_c                                              [M stacks/yr]
 *   need_c  = sum over designs i of c of X_i / (P_i eta_i) * h_i * w_c / 1000   [M stacks]
 *   f_c     = min(1, (B_c + H_c dt) / need_c);   X_ij <- f_c X_ij;   B_c <- B_c - max(0, f_c need_c - H_c dt)
 * m_c hbmPerWafer [stacks/wafer]; K_c the capacity of the fabs located in c [kwafer/yr]; X_i the
 * compute made this quarter [EFLOP/s], so X_i / (P_i eta_i) the chips [k]; h_i hbmStacks
 * [stacks/chip]; w_c the strongest rule's memory share [1]; B_c the stock [M stacks]
 * (initial.hbmStock); C_c the capacity induced investment has built. The stock is set to 0
 * once it cannot cover a quarter's need, so no rounding residue lingers. L_c, the chips not made
 * at list price [USD bn/yr], is kept for inducedMemory.
 */
function limitByMemory(world: World, dt: number, draw: boolean): void {
  const sc = world.semiconductors;
  const { countries } = world;
  const { designs, fabs, linkSupply } = sc;
  const nc = countries.length;
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    country.hbmWithheld = strongestRule(countries, c, "memory");
    country.hbmNeed = 0;
    country.hbmShortfall = 0;
    country.hbmLost = 0;
    let capacity = 0;
    for (let j = 0; j < fabs.length; j++) if (fabs[j]!.loc === c) capacity += fabs[j]!.capacity;
    country.hbmCapacity = (country.hbmPerWafer * capacity) / 1000 + country.hbmBuilt;
  }
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    if (d.home < 0 || d.hbmStacks <= 0 || d.output <= 0) continue;
    const home = countries[d.home]!;
    if (home.hbmWithheld > 0) home.hbmNeed += ((d.output / (d.performance * d.delivered)) * d.hbmStacks * home.hbmWithheld) / 1000;
  }
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    if (country.hbmWithheld <= 0) continue;
    const available = country.hbmStock + country.hbmCapacity * dt;
    const made = country.hbmNeed > available ? available / country.hbmNeed : 1;
    country.hbmShortfall = 1 - made;
    if (draw) country.hbmStock = made < 1 ? 0 : Math.max(0, country.hbmStock - Math.max(0, country.hbmNeed - country.hbmCapacity * dt));
  }
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    if (d.home < 0 || d.hbmStacks <= 0) continue;
    const home = countries[d.home]!;
    const short = home.hbmShortfall;
    if (short <= 0) continue;
    home.hbmLost += ((d.output * short) / dt) * listPrice(d);
    d.output = 0;
    for (let l = d.firstLink; l < d.endLink; l++) {
      linkSupply[l]! *= 1 - short;
      d.output += linkSupply[l]!;
    }
    d.supply = d.output + d.inventory * d.inventoryPerformance * d.delivered;
    d.offered = d.supply > 0;
  }
}

/**
 * Investment a memory shortage induces, after this quarter's chips are made: a country whose
 * designs could not make all their chips for want of HBM invests in its own, as one whose buyers
 * are denied foreign chips invests in its fabs, and the capacity it buys is in use a lead time
 * later:
 *   I_c = epsilon_m * L_c        C_c <- C_c + I_c dt / kappa_m, T_m later
 * L_c the chips not made at list price [USD bn/yr] (limitByMemory); epsilon_m, kappa_m and T_m
 * semiconductors.memory's inducedInvestment [1], capacityCost [USD bn per M stacks/yr] and
 * leadTime [yr]. Orders do not count capacity already on order, and the capacity does not
 * retire (as the fabs'). Without a memory section nothing is induced.
 */
function inducedMemory(world: World, dt: number, slot: number): void {
  const sc = world.semiconductors;
  for (let c = 0; c < world.countries.length; c++) {
    const country = world.countries[c]!;
    const m = sc.memory;
    country.hbmInvestment = m.capacityCost > 0 ? m.inducedInvestment * country.hbmLost : 0;
    if (country.hbmInvestment > 0) country.hbmPipeline[slot % country.hbmPipeline.length]! += (country.hbmInvestment * dt) / m.capacityCost;
  }
}

/**
 * Buyer weights for this quarter (design-major), from prices, access, software, preferences and
 * the share of each design's price a buyer pays. Weights are computed in logs and scaled by the
 * largest, so no power overflows or underflows whatever the costs.
 *
 * Controlled chips: each buyer first wants the chips it would buy without the controls; a rule
 * withholds its share of them (1 - access). Of the controlled chips all of a rule's targets still
 * want of the designs it licenses (licensedDesigns), its licences meet up to `licensed` a year,
 * at the price plus the fee (licenceFee, a share of the maker's price); licences left after that
 * meet the demand withheld from other designs that turns to the licensed ones. Smuggled chips cost
 * smugglingPremium times the price. A buyer wants licensed and smuggled chips less, by the ratio
 * of the costs to the power -choiceSensitivity (its weights' own rule), and its money buys fewer
 * of them; smuggling meets up to `smuggling` a year of what licences leave. Every target of a
 * rule gets the same share of its want. What stays withheld goes to the designs the buyer may
 * buy freely.
 */
function buyerWeights(world: World): void {
  const sc = world.semiconductors;
  const { countries } = world;
  const { designs, fabs, linkFab, weight, access, paidFactor, binding, quotaWanted, smuggleWanted, smuggleWantedLicensable, quotaLicensed, quotaSmuggled, smuggledShare, licensable, marketOpen, licenceAppeal, licenceMarkup, feeShare } = sc;
  const { spareLicences, substituteWanted, substituteMet, substitute, allowedWeight, openLicensed } = sc;
  const nc = countries.length;
  const theta = sc.choiceSensitivity;
  const premium = sc.smugglingPremium;
  const lifetime = 1 / Math.max(world.model.depreciationRate, 0.01);
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    d.unitPrice = listPrice(d) * d.markup;
    d.logSoftware = fm.log(d.software);
  }
  for (let k = 0; k < nc; k++) {
    quotaWanted[k] = 0;
    smuggleWanted[k] = 0;
    smuggleWantedLicensable[k] = 0;
  }
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    const energyPrice = country.energyPrice >= 0 ? country.energyPrice : sc.energyPrice;
    let best = -Infinity;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      const x = i * nc + c;
      access[x] = accessOf(world, i, c);
      // the fab subsidy pays part of the price of the share made in the buyer's country
      let domestic = 0;
      for (let l = d.firstLink; l < d.endLink; l++) if (fabs[linkFab[l]!]!.loc === c) domestic += sc.linkShareOfDesign[l]!;
      const factor = country.computePriceFactor * (1 - country.policy.fabSubsidy * domestic);
      paidFactor[x] = factor;
      const energy = (powerPerCompute(d) * energyPrice * HOURS_PER_YEAR * lifetime) / 1e9;
      const pref = d.home === c ? 1 + country.policy.domesticChipPreference : 1;
      const cost = d.unitPrice * factor + energy;
      // a design offered only to a rule's targets, which the rule neither lets through nor
      // licenses, is not on offer to them at all (its maker makes it for them alone)
      const kb = binding[x]!;
      const barred = kb >= 0 && access[x] === 0 && sc.smugglable[i * nc + kb] === 0 && (licensable[i * nc + kb] === 0 || countries[kb]!.policy.exportControls.licensed <= 0);
      const lw = d.offered && marketOpen[x] === 1 && !barred ? (pref === 1 ? d.logSoftware : fm.log(pref * d.software)) - theta * fm.log(cost) : -Infinity;
      weight[x] = lw;
      if (lw > best) best = lw;
      // the smuggled route's and the licensed route's appeal relative to buying at list price
      const k = binding[x]!;
      smuggledShare[x] = k >= 0 && sc.smugglable[i * nc + k] === 0 ? 0 : k < 0 || premium === 1 ? 1 : fm.exp(-theta * fm.log((d.unitPrice * factor * premium + energy) / cost));
      // the fee is a share of the maker's price, on top of what the buyer pays for the chip
      const markup = k < 0 ? 1 : 1 + (countries[k]!.policy.exportControls.licenceFee * d.vendorShare) / factor;
      licenceMarkup[x] = markup;
      licenceAppeal[x] = markup === 1 ? 1 : fm.exp(-theta * fm.log((d.unitPrice * factor * markup + energy) / cost));
    }
    // weights as if there were no controls; the controlled chips the buyer wants, by rule, at
    // list price and at the premium [k chips/yr]: USD bn/yr x 1000 / USD k per chip
    let total = 0;
    for (let i = 0; i < designs.length; i++) {
      const u = best === -Infinity ? 0 : fm.exp(weight[i * nc + c]! - best);
      weight[i * nc + c] = u;
      total += u;
    }
    for (let i = 0; i < designs.length; i++) {
      const x = i * nc + c;
      const u = total > 0 ? weight[x]! / total : 0;
      weight[x] = u;
      const k = binding[x]!;
      if (k < 0) continue;
      const d = designs[i]!;
      const chips = (country.computeSpend * u * (1 - access[x]!) * 1000) / (d.price * d.markup * paidFactor[x]!);
      if (licensable[i * nc + k] === 1) {
        quotaWanted[k]! += (chips * licenceAppeal[x]!) / licenceMarkup[x]!;
        smuggleWantedLicensable[k]! += (chips * smuggledShare[x]!) / premium;
      } else smuggleWanted[k]! += (chips * smuggledShare[x]!) / premium;
    }
  }
  // the share of the want each rule's licences, then its smuggling, meet, and the licences left
  for (let k = 0; k < nc; k++) {
    const rule = countries[k]!.policy.exportControls;
    const lic = quotaWanted[k]! > 0 ? Math.min(1, rule.licensed / quotaWanted[k]!) : 0;
    const rest = smuggleWanted[k]! + smuggleWantedLicensable[k]! * (1 - lic);
    quotaLicensed[k] = lic;
    quotaSmuggled[k] = rest > 0 ? Math.min(1, rule.smuggling / rest) : 0;
    spareLicences[k] = quotaWanted[k]! <= 0 ? rule.licensed : lic < 1 ? 0 : Math.max(0, rule.licensed - quotaWanted[k]!);
    substituteWanted[k] = 0;
  }
  // controlled designs keep their access share plus what licences and smuggling meet (money
  // shares, kept in licensedShare and smuggledShare until the weights are final); what stays
  // withheld turns to the designs the buyer may buy freely and to licensed ones with licences
  // left, in proportion to u_ic (times the licensed route's appeal)
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    let allowed = 0;
    let open = 0;
    let withheld = 0;
    for (let i = 0; i < designs.length; i++) {
      const x = i * nc + c;
      const u = weight[x]!;
      const a = access[x]!;
      const k = binding[x]!;
      sc.licensedShare[x] = 0;
      feeShare[x] = 0;
      substitute[x] = 0;
      if (k < 0) {
        smuggledShare[x] = 0;
        allowed += u;
        continue;
      }
      const licensable_ = licensable[i * nc + k] === 1;
      const lic = licensable_ ? quotaLicensed[k]! : 0;
      const legal = a + (1 - a) * lic;
      const licensed = (1 - a) * lic * licenceAppeal[x]!;
      const smug = (1 - legal) * smuggledShare[x]! * quotaSmuggled[k]!;
      // never below 0: shares that sum to 1 can exceed it by a rounding error
      withheld += Math.max(0, 1 - (a + licensed + smug)) * u;
      sc.licensedShare[x] = licensed;
      smuggledShare[x] = smug;
      if (licensable_ && spareLicences[k]! > 0) open += u * licenceAppeal[x]!;
    }
    allowedWeight[c] = allowed;
    openLicensed[c] = open;
    country.withheld = withheld;
    if (open <= 0 || withheld <= 0) continue;
    for (let i = 0; i < designs.length; i++) {
      const x = i * nc + c;
      const k = binding[x]!;
      if (k < 0 || licensable[i * nc + k] !== 1 || spareLicences[k]! <= 0) continue;
      const share = (withheld * weight[x]! * licenceAppeal[x]!) / (allowed + open);
      substitute[x] = share;
      const d = designs[i]!;
      substituteWanted[k]! += (country.computeSpend * share * 1000) / (d.price * d.markup * paidFactor[x]! * licenceMarkup[x]!);
    }
  }
  for (let k = 0; k < nc; k++) substituteMet[k] = substituteWanted[k]! > 0 ? Math.min(1, spareLicences[k]! / substituteWanted[k]!) : 0;
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    let withheld = country.withheld;
    for (let i = 0; i < designs.length; i++) {
      const x = i * nc + c;
      const k = binding[x]!;
      if (k < 0) continue;
      const u = weight[x]!;
      const a = access[x]!;
      // money shares at list price, under licence (at the fee's markup, as far as the buyer
      // still wants the chips at that price, and what withheld demand turns to them) and at the
      // smuggling premium, and the compute each buys
      const extra = substitute[x]! * substituteMet[k]!;
      withheld -= extra;
      const licensed = sc.licensedShare[x]! + (u > 0 ? extra / u : 0);
      const smug = smuggledShare[x]!;
      const markup = licenceMarkup[x]!;
      const spend = a + licensed + smug;
      const bought = a + licensed / markup + smug / premium;
      sc.licensedShare[x] = 0;
      if (bought > 0) {
        const base = paidFactor[x]!;
        paidFactor[x] = (base * spend) / bought;
        sc.licensedShare[x] = licensed / markup / bought;
        feeShare[x] = (base * licensed * (1 - 1 / markup)) / bought;
        smuggledShare[x] = smug / premium / bought;
      } else smuggledShare[x] = 0;
      weight[x] = spend * u;
    }
    // what substitution took can exceed what was withheld by a rounding error; a negative
    // remainder would make weights, and demand, negative where the allowed weight is tiny
    withheld = Math.max(0, withheld);
    const allowed = allowedWeight[c]!;
    if (allowed > 0) for (let i = 0; i < designs.length; i++) if (binding[i * nc + c]! < 0) weight[i * nc + c]! *= 1 + withheld / allowed;
    country.withheld = withheld;
  }
}

/**
 * Orders, rationing and purchases, in two rounds. Round 1: each country orders from each design
 * in proportion to its weights, and a design short of supply fills orders pro rata. Round 2: the
 * money left unspent is offered to the designs with supply left, in proportion to the same
 * weights restricted to them, and filled pro rata again. The compute bought is added to the
 * stocks by origin; spending, sales and the average price are recorded.
 */
function buyChips(world: World, dt: number): void {
  const sc = world.semiconductors;
  const { countries } = world;
  const { designs, weight, paidFactor, left } = sc;
  const nc = countries.length;
  sc.bought = 0;
  sc.paidTotal = 0;
  // round 1
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    d.demand = 0;
    d.spare = 0;
    d.revenue = 0;
    left[i] = d.supply;
  }
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    country.purchased = 0;
    country.spent = 0;
    country.chipsLicensed = 0;
    country.chipsSmuggled = 0;
    country.computeSmuggled = 0;
    country.licenceRevenue = 0;
    country.powered = 1;
    country.unpowered = 0;
    country.powerWanted = 0;
    let shut = 0;
    let offered = 0;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      offered += d.output;
      shut += d.output * (1 - sc.access[i * nc + c]!);
    }
    country.chipAccess = offered > 0 ? 1 - shut / offered : 1;
  }
  roundOneDemand(world, dt);
  // a country short of power buys only the share of what the fill lets it buy that its power
  // allows (after connecting what this quarter's additions can); demand, which sets prices, is
  // then what the countries can connect, so the fill is worked out again, and a country whose
  // larger fill would draw more than its power is held to it
  let short = false;
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    if (country.powerAdditions < 0) continue;
    const filled = filledPower(world, c, dt);
    const wanted = Math.max(0, country.power + filled - country.powerCapacity);
    const allowance = country.powerAdditions * country.policy.aiPowerShare * 1000 * dt;
    const built = Math.min(wanted, allowance);
    country.powerCapacity += built;
    country.powerBuildLeft = allowance - built;
    const room = Math.max(0, country.powerCapacity - country.power);
    // short of power only beyond rounding, so the order of the sums cannot flip it
    if (filled > room * (1 + 1e-9)) {
      country.powered = room / filled;
      short = true;
    }
  }
  if (short) {
    roundOneDemand(world, dt);
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      if (country.powerAdditions < 0) continue;
      const full = filledPower(world, c, dt);
      // the larger fill may need more of this quarter's additions
      const more = Math.min(Math.max(0, country.power + full * country.powered - country.powerCapacity), country.powerBuildLeft);
      country.powerCapacity += more;
      country.powerBuildLeft -= more;
      const room = Math.max(0, country.powerCapacity - country.power);
      if (full * country.powered > room * (1 + 1e-9)) country.powered = full > 0 ? room / full : 1;
      country.powerWanted = full;
      country.unpowered = 1 - country.powered;
    }
  }
  for (let c = 0; c < nc; c++) {
    const money = countries[c]!.computeSpend * countries[c]!.powered * dt;
    if (money <= 0) continue;
    for (let i = 0; i < designs.length; i++) {
      const w = weight[i * nc + c]!;
      if (w > 0) buy(world, c, i, (money * w * designs[i]!.fill) / (designs[i]!.unitPrice * paidFactor[i * nc + c]!), dt);
    }
  }
  // round 2: unspent money, to the designs with supply left, as far as the power left allows
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    let unspent = (country.computeSpend * country.powered - country.spent) * dt;
    country.unspent = 0;
    if (unspent <= TINY) continue;
    // only designs the buyer may buy freely: licensed and smuggled chips were bought in round 1
    let norm = 0;
    let draw = 0;
    for (let i = 0; i < designs.length; i++) {
      if (left[i]! <= SOLD_OUT * designs[i]!.supply || sc.access[i * nc + c] !== 1) continue;
      norm += weight[i * nc + c]!;
      draw += (weight[i * nc + c]! * powerPerCompute(designs[i]!)) / (designs[i]!.unitPrice * paidFactor[i * nc + c]!);
    }
    if (country.powerAdditions >= 0 && norm > 0) {
      // what this quarter's additions left unused connects these purchases too
      const need = (unspent * draw) / norm;
      const built = Math.min(Math.max(0, country.power + need - country.powerCapacity), country.powerBuildLeft);
      country.powerCapacity += built;
      country.powerBuildLeft -= built;
      const room = Math.max(0, country.powerCapacity - country.power);
      if (need > room * (1 + 1e-9)) {
        unspent = (room * norm) / draw;
        // the share of what the country could have bought in both rounds that power kept out
        const before = country.powerWanted > 0 ? country.powerWanted : filledPower(world, c, dt);
        country.unpowered = (before * (1 - country.powered) + need - room) / (before + need);
      }
    }
    country.unspent = norm > 0 ? unspent / norm : 0;
    if (norm <= 0) continue;
    for (let i = 0; i < designs.length; i++) {
      if (left[i]! > SOLD_OUT * designs[i]!.supply && sc.access[i * nc + c] === 1) designs[i]!.spare += (country.unspent * weight[i * nc + c]!) / (designs[i]!.unitPrice * paidFactor[i * nc + c]!);
    }
  }
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    d.fill = d.spare > TINY ? Math.min(1, left[i]! / d.spare) : 0;
  }
  for (let c = 0; c < nc; c++) {
    const perWeight = countries[c]!.unspent;
    if (perWeight <= 0) continue;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      const w = weight[i * nc + c]!;
      if (w > 0 && d.fill > 0 && sc.access[i * nc + c] === 1) buy(world, c, i, (perWeight * w * d.fill) / (d.unitPrice * paidFactor[i * nc + c]!), dt);
    }
  }
  sc.averagePrice = sc.bought > 0 ? sc.paidTotal / sc.bought : sc.averagePrice;
  // without a limit, what the second round bought is connected too
  for (let c = 0; c < nc; c++) if (countries[c]!.powerAdditions < 0) countries[c]!.powerCapacity = Math.max(countries[c]!.powerCapacity, countries[c]!.power);
}

/** Round 1's demand for each design, from each country's money times the share its power allows, and the fill. */
function roundOneDemand(world: World, dt: number): void {
  const sc = world.semiconductors;
  const { countries } = world;
  const { designs, weight, paidFactor } = sc;
  const nc = countries.length;
  for (let i = 0; i < designs.length; i++) designs[i]!.demand = 0;
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      d.demand += (country.computeSpend * country.powered * dt * weight[i * nc + c]!) / (d.unitPrice * paidFactor[i * nc + c]!);
    }
  }
  for (let i = 0; i < designs.length; i++) {
    const d = designs[i]!;
    d.fill = d.demand > TINY ? Math.min(1, d.supply / d.demand) : 1;
  }
}

/** The power [MW] of what country `c` would buy in round 1 with all its money, at this fill. */
function filledPower(world: World, c: number, dt: number): number {
  const sc = world.semiconductors;
  const { designs, weight, paidFactor } = sc;
  const nc = world.countries.length;
  const money = world.countries[c]!.computeSpend * dt;
  let p = 0;
  for (let i = 0; i < designs.length; i++) p += (money * weight[i * nc + c]! * designs[i]!.fill * powerPerCompute(designs[i]!)) / (designs[i]!.unitPrice * paidFactor[i * nc + c]!);
  return p;
}

/** Country `c` buys `compute` [EFLOP/s] of design `i`. */
function buy(world: World, c: number, i: number, compute: number, dt: number): void {
  const sc = world.semiconductors;
  const nc = world.countries.length;
  const nf = sc.fabs.length;
  const d = sc.designs[i]!;
  const country = world.countries[c]!;
  const paid = d.unitPrice * sc.paidFactor[i * nc + c]!;
  country.purchased += compute;
  // chips [k chips/yr]: EFLOP/s / (PFLOP/s per chip), a year
  const chips = compute / (d.performance * d.delivered) / dt;
  country.chipsLicensed += chips * sc.licensedShare[i * nc + c]!;
  country.chipsSmuggled += chips * sc.smuggledShare[i * nc + c]!;
  country.computeSmuggled += (compute * sc.smuggledShare[i * nc + c]!) / dt;
  const fee = sc.feeShare[i * nc + c]!;
  if (fee > 0) world.countries[sc.binding[i * nc + c]!]!.licenceRevenue += (compute * d.unitPrice * fee) / dt;
  country.power += compute * powerPerCompute(d);
  country.spent += (compute * paid) / dt;
  d.revenue += (compute * d.unitPrice) / dt;
  sc.left[i]! -= compute;
  sc.bought += compute;
  sc.paidTotal += compute * d.unitPrice;
  for (let l = d.firstLink; l < d.endLink; l++) sc.stock[c * nf + sc.linkFab[l]!]! += compute * sc.linkShareOfDesign[l]!;
}

/** Compute spending planned by each country's labs and government this quarter [USD bn/yr]. */
/**
 * The chip market at the start, without buying: what each design would make in the first
 * quarter, prices, access and who would buy what. It fills the step-0 outcomes (chip access,
 * prices, output), and splits each country's initial compute stock by fab of origin in the
 * proportions its buyers would buy now.
 */
export function initStocks(world: World, dt: number): void {
  if (!supplyActive(world)) return;
  const sc = world.semiconductors;
  const { countries } = world;
  makeChips(world, dt, 0);
  limitByMemory(world, dt, false);
  buyerWeights(world);
  const nc = countries.length;
  const nf = sc.fabs.length;
  // what each country would buy in the first quarter, by fab of origin, scaled to its stock
  for (let x = 0; x < sc.stock.length; x++) sc.stock[x] = 0;
  for (let c = 0; c < nc; c++) {
    countries[c]!.power = 0;
    countries[c]!.powerCapacity = Infinity;
  }
  buyChips(world, dt);
  // a country that buys nothing at the start is given the world's mix of fab output
  const made = new Array<number>(nf).fill(0);
  let world$ = 0;
  for (let l = 0; l < sc.linkFab.length; l++) {
    made[sc.linkFab[l]!]! += sc.linkSupply[l]!;
    world$ += sc.linkSupply[l]!;
  }
  for (let c = 0; c < nc; c++) {
    let total = 0;
    for (let j = 0; j < nf; j++) total += sc.stock[c * nf + j]!;
    for (let j = 0; j < nf; j++) {
      const share = total > 0 ? sc.stock[c * nf + j]! / total : world$ > 0 ? made[j]! / world$ : 1 / nf;
      sc.stock[c * nf + j] = (countries[c]!.compute + countries[c]!.cloudCompute) * share;
    }
  }
  // power per unit of compute as bought in the first quarter (the world's mix for a country
  // that buys nothing), times the stock
  let worldPower = 0;
  let worldBought = 0;
  for (let c = 0; c < nc; c++) {
    worldPower += countries[c]!.power;
    worldBought += countries[c]!.purchased;
  }
  for (let c = 0; c < nc; c++) {
    const country = countries[c]!;
    const perCompute = country.purchased > 0 ? country.power / country.purchased : worldBought > 0 ? worldPower / worldBought : 0;
    country.power = (country.compute + country.cloudCompute) * perCompute;
    // at the start every chip has its power
    country.powerCapacity = country.power;
    country.unpowered = 0;
  }
  sc.startPrice = sc.averagePrice;
  // the step-0 outcomes are a preview: nothing was bought
  for (let c = 0; c < nc; c++) {
    countries[c]!.purchased = 0;
    countries[c]!.chipsLicensed = 0;
    countries[c]!.chipsSmuggled = 0;
    countries[c]!.licenceRevenue = 0;
    countries[c]!.computeSmuggled = 0;
  }
}

export const semiconductorPhase: Phase<World> = {
  name: "semiconductors",
  description: "fabs learn yields and add capacity; chips are made, sold under export controls and priced by supply and demand",
  run(world, ctx) {
    if (!supplyActive(world)) return;
    const sc = world.semiconductors;
    const { countries } = world;
    const { designs, fabs, linkFab, linkShare, linkValue, stock } = sc;
    const dt = ctx.dt;
    const nc = countries.length;
    const nf = fabs.length;
    const nl = linkFab.length;
    // the pipeline slot read this quarter; orders placed now go into it and arrive T_j later
    const slot = ctx.step - 1;
    const keep = world.mechanisms.compute ? fm.exp(-world.model.depreciationRate * dt) : 1;
    plannedSpending(world);
    for (let x = 0; x < stock.length; x++) stock[x]! *= keep;
    for (let c = 0; c < nc; c++) countries[c]!.power *= keep;

    // fabs: equipment controls, yield learning, capacity arriving
    for (let j = 0; j < nf; j++) {
      const f = fabs[j]!;
      f.penalty = strongestRule(countries, f.loc, "equipment");
      f.yield += (f.yieldTarget - f.yield) * (1 - fm.exp(-f.yieldLearning * (1 - f.penalty) * dt));
      const s = slot % f.pipeline.length;
      f.capacity = f.capacity * fm.exp(-f.retirement * dt) + f.pipeline[s]!;
      f.pipeline[s] = 0;
      f.sales = 0;
    }
    // HBM capacity ordered a lead time ago comes into use
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      const s = slot % country.hbmPipeline.length;
      country.hbmBuilt += country.hbmPipeline[s]!;
      country.hbmPipeline[s] = 0;
    }
    // designs: roadmaps (the lag of their fabs' process technology moves them at the end of the
    // quarter), then production
    for (let i = 0; i < designs.length; i++) designs[i]!.performance *= fm.pow(designs[i]!.performanceGrowth, dt);
    makeChips(world, dt, ctx.step * dt);
    limitByMemory(world, dt, true);
    inducedMemory(world, dt, slot);
    buyerWeights(world);
    buyChips(world, dt);
    for (let c = 0; c < nc; c++) if (countries[c]!.powerAdditions > 0) countries[c]!.powerAdditions *= fm.pow(countries[c]!.powerAdditionsGrowth, dt);
    if (sc.startPrice === 0) sc.startPrice = sc.averagePrice;
    // chips in inventory meet what the quarter's output does not
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      d.fromInventory = 0;
      d.stocked = d.supply - d.output;
      if (d.inventory <= 0) continue;
      d.fromInventory = Math.min(d.stocked, Math.max(0, d.supply - sc.left[i]! - d.output));
      d.inventory = d.fromInventory >= d.stocked ? 0 : d.inventory - d.fromInventory / (d.inventoryPerformance * d.delivered);
    }

    // prices and fab allocation follow round-1 demand: the price against the output, and the
    // inventory only as far as demand exceeds the output (a seller holds its stock rather than
    // dump it); a design nobody orders keeps its price
    const k = sc.priceAdjustment * dt;
    for (let i = 0; i < designs.length; i++) {
      const d = designs[i]!;
      if (d.stocked > 0 && d.demand <= TINY) continue;
      const ratio = (d.demand + TINY) / (d.output + Math.min(d.stocked, Math.max(0, d.demand - d.output)) + TINY);
      d.markup = Math.min(MAX_MARKUP, Math.max(MIN_MARKUP, d.markup * fm.pow(ratio, k)));
    }
    const pull = Math.min(1, sc.allocationAdjustment * dt);
    for (let l = 0; l < nl; l++) {
      const d = designs[sc.linkDesign[l]!]!;
      // a design that could not be made for want of memory draws no more of its fabs' wafers
      // for the part it could not make
      const memory = d.hbmStacks > 0 && d.home >= 0 ? 1 - countries[d.home]!.hbmShortfall : 1;
      // the fabs are paid for what they made, not for what the inventory sold
      linkValue[l] = d.demand * d.unitPrice * memory;
      fabs[linkFab[l]!]!.sales += (d.revenue - (d.fromInventory * d.unitPrice) / dt) * sc.linkShareOfDesign[l]!;
    }
    for (let j = 0; j < nf; j++) fabs[j]!.demandValue = 0;
    for (let l = 0; l < nl; l++) fabs[linkFab[l]!]!.demandValue += linkValue[l]!;
    for (let l = 0; l < nl; l++) {
      const total = fabs[linkFab[l]!]!.demandValue;
      if (total > 0) linkShare[l]! += (linkValue[l]! / total - linkShare[l]!) * pull;
    }

    // fab investment: public money and the induced response, shared equally among a country's
    // fabs, plus each fab's reinvested sales; then orders for capacity
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      country.fabInvestment = 0;
      country.inducedInvestment = country.fabCount > 0 ? sc.inducedInvestment * country.withheld * country.computeSpend : 0;
    }
    for (let j = 0; j < nf; j++) {
      const f = fabs[j]!;
      const home = countries[f.loc]!;
      f.investment = (home.policy.fabInvestment + home.inducedInvestment) / home.fabCount + f.reinvestment * f.sales;
      f.pipeline[slot % f.pipeline.length]! += (f.investment * dt) / f.capacityCost;
      home.fabInvestment += f.investment;
    }
    processTechnology(world, dt);
  },
};

/**
 * Process technology, after this quarter's fab investment. A country with fabs trails the leading
 * node by Lambda_c years; equipment controls on it add E_c d_c years of lag a year (E_c the share
 * of the leading node's progress it cannot follow without the tools, d_c the share of those tools
 * it still cannot make itself, which falls as exp(-substitution E_c t) while the controls press:
 * the pressure that makes the lag also makes the tools), and it closes the lag at
 * catchUp x s_c per year of lag, s_c its share of the world's fab investment (catch-up grows
 * with the distance to the frontier: Nelson and Phelps, 1966). The lag tends to
 * E_c d_c / (catchUp s_c): controls hold the country a lag behind, which its investment can
 * close, and which shrinks as it learns to make the tools. Solved exactly over the quarter
 * with E_c d_c at its mean over the quarter. Each design then falls back along its own roadmap by the lag
 * its fabs gained, weighted by their share of its output: P_i <- P_i G_i^(-dLambda).
 */
function processTechnology(world: World, dt: number): void {
  const sc = world.semiconductors;
  const { countries } = world;
  let total = 0;
  for (let c = 0; c < countries.length; c++) total += countries[c]!.fabInvestment;
  for (let c = 0; c < countries.length; c++) {
    const country = countries[c]!;
    country.lagChange = 0;
    if (country.fabCount === 0) continue;
    const controls = strongestRule(countries, c, "equipment");
    // the controls' pressure E d averaged over the quarter as d falls (exactly), so the lag they
    // add over all time is d / z whatever the step; where z E dt is tiny, E d
    const k = sc.substitution * controls * dt;
    const fall = fm.exp(-k);
    const e = k > 1e-9 ? (controls * country.dependence * (1 - fall)) / k : controls * country.dependence;
    country.dependence *= fall;
    const phi = total > 0 ? (sc.catchUp * country.fabInvestment) / total : 0;
    const before = country.processLag;
    // the exact solution, or its first-order form where 1 - exp(-phi dt) would lose its digits
    const decay = fm.exp(-phi * dt);
    const after = phi * dt > 1e-6 ? before * decay + (e / phi) * (1 - decay) : before + (e - phi * before) * dt;
    country.processLag = after;
    country.lagChange = after - before;
  }
  for (let i = 0; i < sc.designs.length; i++) {
    const d = sc.designs[i]!;
    let change = 0;
    for (let l = d.firstLink; l < d.endLink; l++) change += sc.linkShareOfDesign[l]! * countries[sc.fabs[sc.linkFab[l]!]!.loc]!.lagChange;
    if (change !== 0) d.performance *= fm.pow(d.performanceGrowth, -change);
  }
}
