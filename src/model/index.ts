/**
 * The AI-competition model, assembled for the engine: metrics, random streams, the initial
 * world, the phases in their order, and the observer that fills a frame from the world.
 *
 * Schedule (each quarter; docs/model.md "Process overview and scheduling" follows this list):
 *   macro -> investment -> semiconductors -> compute -> knowledge -> capability -> domains -> market
 */
import type { Clock } from "../engine/clock.js";
import type { MetricLayout } from "../engine/metrics.js";
import { offsetOf } from "../engine/metrics.js";
import type { ModelDef, Observer } from "../engine/run.js";
import { capabilityPhase, updateCapability } from "./capability.js";
import { breakthroughStreams, DOMAINS, domainsPhase, domainCapability, DRIVING, EMBODIED, GENERATIVE, MEDICAL, startDeployment, updateDomains } from "./domains.js";
import { initStocks, semiconductorPhase, supplyActive } from "./chips.js";
import { anchorCloud, cloudPhase, startCloud } from "./cloud.js";
import { computePhase } from "./compute.js";
import { investmentPhase, plannedSpending, splitBudget } from "./investment.js";
import { initialReleased, knowledgePhase, knowledgeStreams, NOTHING_RELEASED } from "./knowledge.js";
import { macroPhase } from "./macro.js";
import { clearMarket, entryStreams, marketActive, marketPhase } from "./market.js";
import { METRICS } from "./metrics.js";
import type { ModelInput, World } from "./world.js";
import { initWorld } from "./init.js";
import * as fm from "../engine/fmath.js";

export const MODEL_VERSION = "0.19.1";

export const PHASES = [macroPhase, investmentPhase, semiconductorPhase, computePhase, knowledgePhase, capabilityPhase, domainsPhase, marketPhase, cloudPhase] as const;

function observer(layout: MetricLayout): Observer<World> {
  const o = (kind: string, name: string) => offsetOf(layout, kind, name);
  const gFrontier = o("global", "frontier_capability");
  const gPool = o("global", "open_pool");
  const gCompute = o("global", "compute_total");
  const gHhi = o("global", "compute_hhi");
  const gLead = o("global", "lead_months");
  const cGdp = o("country", "gdp");
  const cBudget = o("country", "ai_budget");
  const cCompute = o("country", "compute");
  const cCloud = o("country", "cloud_compute");
  const cShare = o("country", "compute_share");
  const cKnowledge = o("country", "knowledge");
  const cCapability = o("country", "capability");
  const cBehind = o("country", "months_behind");
  const cGap = o("country", "gap");
  const fBudget = o("firm", "budget");
  const fCompute = o("firm", "compute");
  const fKnowledge = o("firm", "knowledge");
  const fCapability = o("firm", "capability");
  const cDomain = DOMAINS.map((d) => o("country", `capability_${d}`));
  const cDomainBehind = DOMAINS.map((d) => o("country", `months_behind_${d}`));
  const cDeployed = DOMAINS.map((d) => (d === "medical" ? o("country", "ai_medical_devices") : d === "driving" ? o("country", "driverless_vehicles") : d === "embodied" ? o("country", "ai_robots") : -1));
  const cExpGen = o("country", "generative_experience");
  const cExpEmb = o("country", "robot_experience");
  const cExpMed = o("country", "medical_experience");
  const cExpDrv = o("country", "driving_experience");
  const cAbroadDrv = o("country", "driverless_vehicles_abroad");
  const gDomainLead = DOMAINS.map((d) => o("global", `lead_months_${d}`));
  const fDomain = DOMAINS.map((d) => o("firm", `capability_${d}`));
  const cSpend = o("country", "compute_spend");
  const cAccess = o("country", "chip_access");
  const cLicensed = o("country", "chips_licensed");
  const cLicenceRevenue = o("country", "licence_revenue");
  const cSmuggled = o("country", "chips_smuggled");
  const cBought = o("country", "compute_bought");
  const cSmuggledCompute = o("country", "compute_smuggled");
  const cDomestic = o("country", "domestic_chip_share");
  const cExposure = o("country", "exposure");
  const cFabCap = o("country", "fab_capacity");
  const cPower = o("country", "ai_power");
  const gPower = o("global", "ai_power_total");
  const cPowerCap = o("country", "ai_power_capacity");
  const cUnpowered = o("country", "unpowered_share");
  const cFabInv = o("country", "fab_investment");
  const cInduced = o("country", "induced_fab_investment");
  const cLag = o("country", "process_lag");
  const cDependence = o("country", "tool_dependence");
  const cHbmStock = o("country", "hbm_stock");
  const cHbmCapacity = o("country", "hbm_capacity");
  const cHbmShort = o("country", "hbm_shortfall");
  const cHbmInv = o("country", "induced_hbm_investment");
  const gChipPrice = o("global", "chip_price");
  const gChipOutput = o("global", "chip_output");
  const dOutput = o("design", "output");
  const dInventory = o("design", "inventory");
  const dPrice = o("design", "price");
  const dSales = o("design", "sales");
  const dPerf = o("design", "performance");
  const fCap = o("fab", "capacity");
  const fYield = o("fab", "yield");
  const cDemand = o("country", "ai_demand");
  const cAvailable = o("country", "available_capability");
  const cInfluence = o("country", "influence");
  const cAiGdp = o("country", "ai_gdp_contribution");
  const cFirms = o("country", "firm_count");
  const cEntries = o("country", "entries");
  const cExits = o("country", "exits");
  const cOpenCap = o("country", "open_capability");
  const cLabExits = o("country", "lab_exits");
  const gOpen = o("global", "open_frontier");
  const gOpenLag = o("global", "open_closed_lag");
  const gPriceIndex = o("global", "price_index");
  const gChanges = o("global", "leadership_changes");
  const gFirmHhi = o("global", "firm_hhi");
  const fRevenue = o("firm", "revenue");
  const fCash = o("firm", "cash");
  const fUsage = o("firm", "usage_share");
  const fPrice = o("firm", "price");
  const fActive = o("firm", "active");
  const fRnd = o("firm", "rnd_share");
  const fOpen = o("firm", "open_share");
  const gRun = o("global", "frontier_run");
  const cRun = o("country", "frontier_run");
  function observeRuns(world: World, frame: Float64Array): void {
    const m = world.model;
    const share = m.runShareStart === undefined ? 0 : m.runShareStart * fm.pow(10, world.runConcentration);
    let best = 0;
    for (let c = 0; c < world.countries.length; c++) frame[cRun + c] = 0;
    for (let i = 0; i < world.firms.length; i++) {
      const f = world.firms[i]!;
      if (!f.active) continue;
      const run = f.compute * share;
      if (run > frame[cRun + f.home]!) frame[cRun + f.home] = run;
      if (run > best) best = run;
    }
    frame[gRun] = best;
  }
  function observeMarket(world: World, frame: Float64Array): void {
    const { countries, firms } = world;
    const on = marketActive(world);
    for (let c = 0; c < countries.length; c++) {
      const country = countries[c]!;
      frame[cDemand + c] = on ? country.aiDemand : 0;
      frame[cAvailable + c] = on ? country.available : 0;
      frame[cInfluence + c] = on ? country.influence : 0;
      frame[cAiGdp + c] = country.gdp * (1 - 1 / country.aiMultiplier);
      frame[cFirms + c] = country.fringe;
      frame[cEntries + c] = country.entries;
      frame[cExits + c] = country.exits;
      frame[cOpenCap + c] = NOTHING_RELEASED;
      frame[cLabExits + c] = 0;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (f.active) frame[cFirms + f.home]! += 1;
      else frame[cLabExits + f.home]! += 1;
      if (f.active && f.openCapability > frame[cOpenCap + f.home]!) frame[cOpenCap + f.home] = f.openCapability;
    }
    // a country whose labs have released nothing runs the open pool on its public compute
    for (let c = 0; c < countries.length; c++) {
      if (frame[cOpenCap + c] === NOTHING_RELEASED) frame[cOpenCap + c] = countries[c]!.publicCapability + world.runConcentration;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      frame[fRevenue + i] = f.revenue;
      frame[fCash + i] = f.cash;
      frame[fUsage + i] = f.usageShare;
      frame[fPrice + i] = f.price;
      frame[fActive + i] = f.active ? 1 : 0;
      const a = f.allocation;
      const total = a.rnd + a.open + a.compute;
      frame[fRnd + i] = total > 0 ? a.rnd / total : 0;
      frame[fOpen + i] = total > 0 ? a.open / total : 0;
    }
    frame[gOpen] = world.openFrontier;
    frame[gOpenLag] = world.openLag;
    frame[gPriceIndex] = on ? world.market.priceIndex : 0;
    frame[gChanges] = world.leadershipChanges;
    frame[gFirmHhi] = on ? world.market.hhi : 0;
  }
  function observeSupply(world: World, dt: number, frame: Float64Array): void {
    const sc = world.semiconductors;
    const active = supplyActive(world);
    const nf = sc.fabs.length;
    let output = 0;
    for (let i = 0; i < sc.designs.length; i++) {
      const d = sc.designs[i]!;
      frame[dOutput + i] = d.output / dt;
      frame[dInventory + i] = d.inventory;
      frame[dPrice + i] = d.unitPrice;
      frame[dSales + i] = d.revenue * d.vendorShare;
      frame[dPerf + i] = d.performance;
      output += d.output / dt;
    }
    for (let j = 0; j < nf; j++) {
      frame[fCap + j] = sc.fabs[j]!.capacity;
      frame[fYield + j] = sc.fabs[j]!.yield;
    }
    let power = 0;
    for (let c = 0; c < world.countries.length; c++) {
      const country = world.countries[c]!;
      let total = 0;
      let domestic = 0;
      let exposed = 0;
      let capacity = 0;
      for (let j = 0; j < nf; j++) {
        const x = sc.stock[c * nf + j]!;
        const loc = sc.fabs[j]!.loc;
        total += x;
        if (loc === c) {
          domestic += x;
          capacity += sc.fabs[j]!.capacity;
        }
        if (loc === sc.exposure) exposed += x;
      }
      frame[cSpend + c] = active ? country.spent : country.computeSpend;
      frame[cAccess + c] = active ? country.chipAccess : 1;
      frame[cLicensed + c] = active ? country.chipsLicensed : 0;
      frame[cLicenceRevenue + c] = active ? country.licenceRevenue : 0;
      frame[cSmuggled + c] = active ? country.chipsSmuggled : 0;
      frame[cBought + c] = active ? country.purchased / dt : 0;
      frame[cSmuggledCompute + c] = active ? country.computeSmuggled : 0;
      frame[cDomestic + c] = total > 0 ? domestic / total : 0;
      frame[cExposure + c] = total > 0 ? exposed / total : 0;
      frame[cFabCap + c] = capacity;
      frame[cPower + c] = active ? country.power / 1000 : 0;
      power += active ? country.power / 1000 : 0;
      frame[cPowerCap + c] = active ? country.powerCapacity / 1000 : 0;
      frame[cUnpowered + c] = active ? country.unpowered : 0;
      frame[cFabInv + c] = active ? country.fabInvestment : 0;
      frame[cInduced + c] = active ? country.inducedInvestment : 0;
      frame[cLag + c] = active ? country.processLag : 0;
      frame[cDependence + c] = active ? country.dependence : 1;
      frame[cHbmStock + c] = country.hbmStock;
      frame[cHbmCapacity + c] = country.hbmCapacity;
      frame[cHbmShort + c] = active ? country.hbmShortfall : 0;
      frame[cHbmInv + c] = active ? country.hbmInvestment : 0;
    }
    frame[gChipPrice] = active ? sc.averagePrice : 0;
    frame[gPower] = power;
    frame[gChipOutput] = output;
  }
  return (world, ctx, frame) => {
    observeSupply(world, ctx.dt, frame);
    observeMarket(world, frame);
    observeRuns(world, frame);
    const { countries, firms } = world;
    let total = 0;
    let cloud = 0;
    for (let i = 0; i < countries.length; i++) {
      total += countries[i]!.compute;
      cloud += countries[i]!.cloudCompute;
    }
    let hhi = 0;
    for (let i = 0; i < countries.length; i++) {
      const c = countries[i]!;
      const share = total > 0 ? c.compute / total : 0;
      hhi += share * share;
      frame[cGdp + i] = c.gdp;
      frame[cBudget + i] = c.aiBudget;
      frame[cCompute + i] = c.compute;
      frame[cCloud + i] = c.cloudCompute;
      frame[cShare + i] = share;
      frame[cKnowledge + i] = c.knowledge;
      frame[cCapability + i] = c.capability;
      frame[cBehind + i] = c.monthsBehind;
      // against the running frontier, as months behind are: both are 0 only for a country at it
      frame[cGap + i] = world.frontierHistory[world.historyLength - 1]! - c.capability;
      for (let d = 0; d < cDomain.length; d++) {
        frame[cDomain[d]! + i] = c.domainCapability[d]!;
        frame[cDomainBehind[d]! + i] = c.domainMonthsBehind[d]!;
        if (cDeployed[d]! >= 0) frame[cDeployed[d]! + i] = world.deployment.active ? c.deployed[d]! : 0;
      }
      frame[cExpGen + i] = world.deployment.active ? c.experience[GENERATIVE]! : 0;
      frame[cExpEmb + i] = world.deployment.active ? c.experience[EMBODIED]! : 0;
      frame[cExpMed + i] = world.deployment.active ? c.experience[MEDICAL]! : 0;
      frame[cExpDrv + i] = world.deployment.active ? c.experience[DRIVING]! : 0;
      frame[cAbroadDrv + i] = world.deployment.active ? c.deployedAbroad[DRIVING]! : 0;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      frame[fBudget + i] = f.budget;
      frame[fCompute + i] = f.compute;
      frame[fKnowledge + i] = f.knowledge;
      frame[fCapability + i] = f.capability;
      for (let d = 0; d < fDomain.length; d++) frame[fDomain[d]! + i] = domainCapability(world, f.home, f.capability, f.knowledge, f.compute, d);
    }
    frame[gFrontier] = world.frontier;
    frame[gPool] = world.openPool;
    frame[gCompute] = total + cloud;
    frame[gHhi] = hhi;
    frame[gLead] = world.leadMonths;
    for (let d = 0; d < gDomainLead.length; d++) frame[gDomainLead[d]!] = world.domainLead[d]!;
  };
}

export const aiRaceModel: ModelDef<World, ModelInput> = {
  name: "airace",
  version: MODEL_VERSION,
  metrics: METRICS,
  // order matters: phases reach streams by position (pool, research per lab, breakthroughs per country)
  streams: (input) => [
    ...knowledgeStreams(input.firms.map((f) => f.id)),
    ...breakthroughStreams(input.countries.map((c) => c.id)),
    ...entryStreams(input.countries.map((c) => c.id)),
  ],
  phases: PHASES,
  init(input: ModelInput, _rng, clock: Clock, prev?: World): World {
    const world = initWorld(input, clock, prev);
    // the open models released before the start, and the pool that holds at least their knowledge
    for (const f of world.firms) {
      f.released = initialReleased(world, f, clock.dt);
      if (f.released > world.openPool) world.openPool = f.released;
    }
    world.entryStream = 1 + input.firms.length + input.countries.length;
    for (const f of world.firms) world.countries[f.home]!.aiBudget += f.budget;
    for (const c of world.countries) c.compute = c.publicCompute;
    for (const f of world.firms) world.countries[f.home]!.compute += f.compute;
    updateCapability(world, 0, clock.dt);
    world.market.startFrontier = world.frontier;
    // the markets as they stand at the start (step 0 shows them; nothing is bought or paid),
    // from the first quarter's planned spending at the labs' starting budgets and allocations
    for (const f of world.firms) splitBudget(f);
    startCloud(world);
    plannedSpending(world);
    initStocks(world, clock.dt);
    // the labs' own spending starts with the first quarter (as before the preview)
    for (const f of world.firms) {
      f.rndSpend = 0;
      f.openSpend = 0;
      f.computeSpend = 0;
    }
    // twice: the first clearing gives the usage shares the labs' prices are set from
    if (marketActive(world)) {
      clearMarket(world, 0, clock.dt);
      world.market.priceBase = 0; // the price index starts from the second clearing's prices
      clearMarket(world, 0, clock.dt);
    }
    anchorCloud(world);
    startDeployment(world);
    updateDomains(world, 0);
    return world;
  },
  entities: (input) => ({
    country: input.countries.map((c) => c.id),
    firm: input.firms.map((f) => f.id),
    design: (input.semiconductors?.designs ?? []).map((d) => d.id),
    fab: (input.semiconductors?.fabs ?? []).map((f) => f.id),
  }),
  observer,
  front(world) {
    let lab = -1;
    for (let i = 0; i < world.firms.length; i++) {
      if (world.firms[i]!.active && (lab < 0 || world.firms[i]!.capability > world.firms[lab]!.capability)) lab = i;
    }
    const country = world.countries[world.leader]?.id ?? "";
    return lab < 0 ? { country } : { country, lab: world.firms[lab]!.id };
  },
};

export type { ModelInput, World } from "./world.js";
