/**
 * The explorer page: scenario choice, sliders, play controls, live charts, and what to share.
 * The model runs in a web worker (worker.ts); this file only draws what it sends back.
 */
import type { MetricLayout } from "../../engine/metrics.js";
import { offsetOf } from "../../engine/metrics.js";
import type { EventRecord } from "../../engine/events.js";
import type { MilestoneRecord } from "../../engine/run.js";
import { domainLeaders, PALETTE, runCharts } from "../../report/charts.js";
import { eventMarkers, milestoneMarkers } from "../../report/markers.js";
import { milestoneText, timeline } from "../../report/narrative.js";
import { seriesFromFrames, seriesOf, yearOf } from "../../report/series.js";
import type { RunSeries } from "../../report/series.js";
import { decodeText } from "../../scenario/text.js";
import { seedFromText } from "../../engine/rng.js";
import type { Lever } from "../levers.js";
import { formatLever } from "../levers.js";
import type { Reply, Request } from "../protocol.js";
import type { ScenarioInfo } from "../session.js";
import type { PageState } from "../share.js";
import { DEFAULT_SCENARIO, fileLinkProblem, formatSize, formatState, MAX_FILE_BYTES, packText, parseState, runCommand, unpackFile } from "../share.js";
import { ChartBoard } from "./charts.js";
import { LIBRARY } from "./library.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  scenario: $<HTMLSelectElement>("scenario"),
  upload: $<HTMLInputElement>("upload"),
  reset: $<HTMLButtonElement>("reset"),
  play: $<HTMLButtonElement>("play"),
  step: $<HTMLButtonElement>("step"),
  end: $<HTMLButtonElement>("end"),
  speed: $<HTMLSelectElement>("speed"),
  pauseAtMilestones: $<HTMLInputElement>("pause-milestones"),
  leaders: $<HTMLDivElement>("leaders"),
  seed: $<HTMLInputElement>("seed"),
  reseed: $<HTMLButtonElement>("reseed"),
  date: $<HTMLDivElement>("date"),
  levers: $<HTMLDivElement>("lever-groups"),
  sets: $<HTMLTextAreaElement>("sets"),
  more: $<HTMLDetailsElement>("more"),
  applySets: $<HTMLButtonElement>("apply-sets"),
  title: $<HTMLHeadingElement>("title"),
  description: $<HTMLParagraphElement>("description"),
  errors: $<HTMLDivElement>("errors"),
  banner: $<HTMLDivElement>("banner"),
  readouts: $<HTMLDivElement>("readouts"),
  feed: $<HTMLOListElement>("feed"),
  command: $<HTMLPreElement>("command"),
  copyCommand: $<HTMLButtonElement>("copy-command"),
  copyLink: $<HTMLButtonElement>("copy-link"),
  downloadCsv: $<HTMLButtonElement>("download-csv"),
  downloadYaml: $<HTMLButtonElement>("download-yaml"),
  shareNote: $<HTMLParagraphElement>("share-note"),
  timing: $<HTMLParagraphElement>("timing"),
};
const board = new ChartBoard($<HTMLDivElement>("charts"));

// ---- the worker ------------------------------------------------------------------------

type Ask = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;
const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const waiting = new Map<number, (r: Reply) => void>();
let nextId = 1;
worker.onmessage = (e: MessageEvent<Reply>) => {
  const done = waiting.get(e.data.id);
  waiting.delete(e.data.id);
  done?.(e.data);
};
worker.onerror = (e) => showErrors([`the model's worker stopped: ${e.message}`]);

function ask(req: Ask): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ ...req, id } as Request);
  });
}

// ---- what is on the page -----------------------------------------------------------------

interface Loaded {
  entry: string;
  upload?: { name: string; text: string; packed: string };
  info: ScenarioInfo;
}

let loaded: Loaded | undefined;
let seed = 0;
/** Slider positions that differ from the scenario's. */
let moved: Record<string, number> = Object.create(null) as Record<string, number>;
let extraSets: string[] = [];
/** The overrides of the run on show (from the worker), or undefined when they were invalid. */
let sets: string[] | undefined;
let layout: MetricLayout | undefined;
let data = new Float64Array(0);
let recorded = 0;
/** Runs finished since the page opened (the timing line's data-run). */
let runsDone = 0;
let done = false;
let milestones: MilestoneRecord[] = [];
let events: EventRecord[] = [];
let failure: string | undefined;
/** The step the page shows (the run is computed up to it). */
let position = 0;
let playing = false;
let shownMilestones = 0;
/** The run before the last change of sliders, overrides or seed (same layout), for comparison. */
let previous: { data: Float64Array; recorded: number } | undefined;
/** The seed of the run on show. */
let runSeed: number | undefined;

const steps = () => (loaded ? loaded.info.labels.length - 1 : 0);

function showErrors(messages: readonly string[]): void {
  ui.errors.hidden = messages.length === 0;
  ui.errors.textContent = messages.join("\n");
}

function banner(text: string | undefined): void {
  ui.banner.hidden = text === undefined;
  ui.banner.textContent = text ?? "";
}

// ---- loading and running ---------------------------------------------------------------

async function openScenario(entry: string, upload: Loaded["upload"], state: PageState | undefined, notes: string[]): Promise<void> {
  stop();
  const reply = await ask({ type: "open", entry, ...(upload ? { upload: { name: upload.name, text: upload.text } } : {}) });
  board.reset();
  if (reply.type !== "opened") {
    loaded = undefined;
    layout = undefined;
    previous = undefined;
    showErrors([...notes, ...(reply.type === "error" ? reply.messages : []), "Fix the file and load it again, or choose a scenario from the library."]);
    ui.title.textContent = entry;
    ui.description.textContent = "";
    ui.levers.replaceChildren();
    ui.readouts.replaceChildren();
    ui.leaders.replaceChildren();
    ui.feed.replaceChildren();
    ui.date.textContent = "–";
    banner(undefined);
    setShareEnabled(false);
    return;
  }
  loaded = { entry, ...(upload ? { upload } : {}), info: reply.info };
  moved = Object.create(null) as Record<string, number>;
  for (const [id, v] of Object.entries(state?.levers ?? {})) {
    const lever = reply.info.levers.find((l) => l.id === id);
    if (lever === undefined) notes.push(`${id}: this scenario has no such slider; ignored`);
    else if (!lever.values.includes(v)) notes.push(`${id}=${v} is not a position of the "${lever.label}" slider; it keeps the scenario's value`);
    else if (v !== lever.value) moved[id] = v;
  }
  extraSets = state?.sets ?? [];
  ui.sets.value = extraSets.join("\n");
  if (extraSets.length > 0) ui.more.open = true;
  seed = state?.seed ?? reply.info.seed ?? randomSeed();
  ui.seed.value = String(seed);
  ui.seed.classList.remove("invalid");
  ui.title.textContent = reply.info.title;
  ui.description.textContent = reply.info.description;
  ui.description.title = reply.info.description;
  buildLevers(reply.info.levers);
  markInactive();
  position = 0;
  shownMilestones = 0;
  previous = undefined;
  sets = undefined;
  layout = undefined;
  showErrors(notes);
  await reconfigure(notes);
  banner("Press Play (or Space) to watch the race unfold, or To end to see where it goes.");
}

/** Starts the run again from the current sliders, overrides and seed, up to `position`. */
async function reconfigure(notes: readonly string[] = []): Promise<void> {
  if (loaded === undefined) return;
  const started = performance.now();
  const reply = await ask({ type: "configure", levers: { ...moved }, extra: extraSets, seed });
  writeAddress();
  if (reply.type !== "configured") {
    sets = undefined;
    showErrors([...notes, ...(reply.type === "error" ? reply.messages : []), "The charts show the last run that worked."]);
    setShareEnabled(false);
    return;
  }
  showErrors(notes);
  // the run on show until now becomes the "before" of the readouts, if this one differs
  const changed = sets === undefined || sets.join("\n") !== reply.sets.join("\n") || runSeed !== seed;
  if (changed) previous = layout !== undefined && layout.size === reply.layout.size && recorded > 0 && sets !== undefined ? { data, recorded } : undefined;
  runSeed = seed;
  sets = reply.sets;
  if (layout === undefined || layout.size !== reply.layout.size) board.reset();
  layout = reply.layout;
  data = new Float64Array((steps() + 1) * layout.size);
  recorded = 0;
  done = false;
  failure = undefined;
  setShareEnabled(true);
  showCommand();
  await advance(position);
  const ms = performance.now() - started;
  ui.timing.textContent = `Checked and run to ${loaded.info.labels[recorded - 1] ?? ""} in ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms, in this browser.`;
  // counts the runs, so a reader (or a test) can tell a new run from one that took as long
  runsDone += 1;
  ui.timing.dataset["run"] = String(runsDone);
}

async function advance(to: number): Promise<void> {
  const reply = await ask({ type: "advance", to });
  if (reply.type !== "progress" || layout === undefined) return;
  data.set(reply.frames, reply.from * layout.size);
  recorded = reply.progress.recorded;
  done = reply.progress.done;
  milestones = reply.progress.milestones;
  events = reply.progress.events;
  failure = reply.failure;
  if (failure !== undefined) {
    showErrors([failure, "The run stopped there; the charts show it up to that quarter."]);
    stop();
  }
  position = Math.min(position, recorded - 1);
  await render();
}

// Work is queued so that a slider dragged quickly runs the latest position, once.
let busy = false;
let wantConfigure = false;
let wantAdvance = false;

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (wantConfigure || wantAdvance) {
      if (wantConfigure) {
        wantConfigure = false;
        wantAdvance = false;
        await reconfigure();
      } else {
        wantAdvance = false;
        await advance(position);
      }
    }
  } finally {
    busy = false;
  }
}

function requestConfigure(): void {
  wantConfigure = true;
  void pump();
}

function requestAdvance(): void {
  wantAdvance = true;
  void pump();
}

// ---- drawing ---------------------------------------------------------------------------------

function currentSeries(): RunSeries | undefined {
  if (layout === undefined || loaded === undefined || recorded === 0) return undefined;
  return seriesFromFrames(layout, loaded.info.labels, data, Math.min(recorded, position + 1));
}

async function render(): Promise<void> {
  const series = currentSeries();
  if (series === undefined || loaded === undefined) return;
  const labels = loaded.info.labels;
  const shown = series.dates.length - 1;
  ui.date.textContent = labels[shown] ?? "";
  const reached = milestones.filter((m) => m.step <= shown);
  const span: [number, number] = [yearOf(labels[0] ?? "2025Q1"), yearOf(labels[labels.length - 1] ?? "2025Q1")];
  // the plots' width in the panels (axis and legend aside), to place labels beside their rules
  const plot = document.querySelector<HTMLElement>(".chart .plot");
  const live = { span, ...(plot !== null && plot.clientWidth > 0 ? { plotWidth: Math.max(100, plot.clientWidth - 150) } : {}) };
  const charts = runCharts(series, { milestones: milestoneMarkers(reached), events: eventMarkers(events.filter((e) => e.step <= shown)) }, live);
  showReadouts(series, shown);
  showFeed(shown);
  if (reached.length > shownMilestones) {
    banner(`${milestoneText(reached[reached.length - 1]!)}${playing && ui.pauseAtMilestones.checked ? " (paused: press Play to go on)" : ""}`);
    if (playing && ui.pauseAtMilestones.checked) stop();
  }
  shownMilestones = reached.length;
  if (shown === steps() && done) banner(endText(series, reached));
  ui.play.textContent = playing ? "▮▮ Pause" : "▶ Play";
  await board.update(charts);
}

function endText(series: RunSeries, reached: readonly MilestoneRecord[]): string {
  const f = seriesOf(series, "global", "world", "frontier_capability");
  const last = f.length - 1;
  const rise = last >= 4 ? (f[last] as number) - (f[last - 4] as number) : NaN;
  const passed = reached.length > 0 ? ` ${reached.length === 1 ? "A milestone" : `${reached.length} milestones`} passed and nothing stopped.` : "";
  const date = series.dates[last] ?? "";
  return `The run ends in ${date}; the race does not.${Number.isFinite(rise) ? ` The frontier rose ${rise.toFixed(2)} orders of magnitude in the last year alone.` : ""}${passed}`;
}

function showReadouts(series: RunSeries, shown: number): void {
  const countries = series.entities.get("country") ?? [];
  // the previous run's value at this quarter, read from its frames
  const base = layout !== undefined && previous !== undefined && previous.recorded > shown ? shown * layout.size + offsetOf(layout, "country", "months_behind") : undefined;
  const text = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "" : v <= 0 ? "leads" : `${v.toFixed(1)} months behind`);
  const parts = countries.map((id, i) => {
    const now = seriesOf(series, "country", id, "months_behind")[shown];
    const then = base === undefined ? undefined : previous!.data[base + i];
    const was = then !== undefined && now !== undefined && Math.abs(then - now) >= 0.05 ? ` <span class="was">(before: ${text(then)})</span>` : "";
    // months stretch when the frontier slows: the gap in OOM says how far behind in compute terms
    const gapNow = seriesOf(series, "country", id, "gap")[shown];
    const gap = gapNow !== undefined && Number.isFinite(gapNow) && gapNow >= 0.005 ? ` <span class="gap">· gap ${gapNow.toFixed(2)} OOM</span>` : "";
    return `<span data-country="${id}"><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${id} <b>${text(now)}</b>${was}${gap}</span>`;
  });
  ui.readouts.innerHTML = parts.join("");
  // who leads each applied domain now, and how often the lead has changed so far
  const leaders = domainLeaders(series);
  const domains = [...new Set(leaders.map((l) => l.domain))];
  ui.leaders.replaceChildren();
  if (domains.length === 0) return;
  const label = document.createElement("span");
  label.textContent = "Leaders by domain:";
  ui.leaders.append(label);
  for (const d of domains) {
    const rows = leaders.filter((l) => l.domain === d);
    let changes = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.leader !== rows[i - 1]!.leader) changes++;
    const item = document.createElement("span");
    item.dataset["domain"] = d;
    item.innerHTML = `${d} <b>${rows[rows.length - 1]!.leader}</b>${changes > 0 ? ` <span class="was">(${changes} change${changes === 1 ? "" : "s"} so far)</span>` : ""}`;
    ui.leaders.append(item);
  }
}

function showFeed(shown: number): void {
  const entries = timeline({ events: events.filter((e) => e.step <= shown), milestones: milestones.filter((m) => m.step <= shown) });
  ui.feed.replaceChildren(
    ...entries.map((e) => {
      const li = document.createElement("li");
      li.className = e.kind;
      li.textContent = `${e.date}: ${e.text}`;
      return li;
    }),
  );
  if (entries.length === 0) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "Nothing yet: events and milestones appear here as they happen.";
    ui.feed.append(li);
  }
  ui.feed.scrollTop = ui.feed.scrollHeight;
}

// ---- the sliders ---------------------------------------------------------------------------

function buildLevers(levers: readonly Lever[]): void {
  ui.levers.replaceChildren();
  const groups = new Map<string, Lever[]>();
  for (const l of levers) {
    const key = l.country === undefined ? l.group : "countries";
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  for (const [key, list] of groups) {
    const box = document.createElement("section");
    box.className = "group";
    const h = document.createElement("h3");
    h.textContent = key === "countries" ? "Country policies" : key;
    box.append(h);
    if (key === "countries") {
      const countries = [...new Set(list.map((l) => l.country!))];
      const tabs = document.createElement("div");
      tabs.className = "country-tabs";
      tabs.setAttribute("role", "group");
      tabs.setAttribute("aria-label", "country");
      const panes = new Map<string, HTMLElement>();
      for (const c of countries) {
        const tab = document.createElement("button");
        tab.textContent = c;
        tab.dataset["country"] = c;
        tab.title = list.find((l) => l.country === c)!.group;
        tab.setAttribute("aria-pressed", String(c === countries[0]));
        tab.addEventListener("click", () => {
          for (const t of tabs.children) t.setAttribute("aria-pressed", String((t as HTMLElement).dataset["country"] === c));
          for (const [id, pane] of panes) pane.hidden = id !== c;
        });
        tabs.append(tab);
        const pane = document.createElement("div");
        pane.hidden = c !== countries[0];
        pane.dataset["country"] = c;
        for (const l of list.filter((x) => x.country === c)) pane.append(leverControl(l));
        panes.set(c, pane);
      }
      box.append(tabs, ...panes.values());
    } else {
      for (const l of list) box.append(leverControl(l));
    }
    ui.levers.append(box);
  }
  markChangedCountries();
}

function leverControl(lever: Lever): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "lever";
  wrap.dataset["lever"] = lever.id;
  wrap.title = lever.help;
  const row = document.createElement("div");
  row.className = "row";
  const label = document.createElement("label");
  label.textContent = lever.label;
  const value = document.createElement("span");
  value.className = "value";
  row.append(label, value);
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.max = String(lever.values.length - 1);
  input.step = "1";
  input.dataset["lever"] = lever.id;
  input.setAttribute("aria-label", `${lever.country !== undefined ? `${lever.country} ` : `${lever.group}: `}${lever.label}`);
  const id = `lever-${lever.id.replace(/[^A-Za-z0-9-]/g, "-")}`;
  input.id = id;
  label.htmlFor = id;
  const show = () => {
    const v = lever.values[Number(input.value)] as number;
    value.textContent = formatLever(lever, v);
    input.setAttribute("aria-valuetext", value.textContent);
    wrap.classList.toggle("changed", v !== lever.value);
  };
  const current = Object.prototype.hasOwnProperty.call(moved, lever.id) ? moved[lever.id]! : lever.value;
  input.value = String(lever.values.indexOf(current));
  show();
  input.addEventListener("input", () => {
    const v = lever.values[Number(input.value)] as number;
    if (v === lever.value) delete moved[lever.id];
    else moved[lever.id] = v;
    show();
    markChangedCountries();
    markInactive();
    requestConfigure();
  });
  input.addEventListener("dblclick", () => {
    input.value = String(lever.values.indexOf(lever.value));
    input.dispatchEvent(new Event("input"));
  });
  const why = document.createElement("div");
  why.className = "why";
  wrap.append(row, input, why);
  return wrap;
}

/** Greys out a slider whose main lever has not moved (a date with no change to date). */
function markInactive(): void {
  if (loaded === undefined) return;
  for (const lever of loaded.info.levers) {
    if (lever.dependsOn === undefined) continue;
    const wrap = ui.levers.querySelector<HTMLElement>(`.lever[data-lever="${lever.id}"]`);
    if (wrap === null) continue;
    const active = lever.dependsOn.some((id) => Object.prototype.hasOwnProperty.call(moved, id));
    wrap.classList.toggle("inactive", !active);
    const why = wrap.querySelector<HTMLElement>(".why");
    if (why !== null) {
      const names = lever.dependsOn.map((id) => loaded!.info.levers.find((l) => l.id === id)?.label.toLowerCase() ?? id);
      why.textContent = active ? "" : `matters once ${names.join(" or ")} moves`;
    }
  }
}

function markChangedCountries(): void {
  for (const tab of ui.levers.querySelectorAll<HTMLElement>(".country-tabs button")) {
    const c = tab.dataset["country"]!;
    tab.classList.toggle("changed", Object.keys(moved).some((id) => id.startsWith(`${c}.`)));
  }
}

// ---- playing -------------------------------------------------------------------------------

let lastTick = 0;

function play(): void {
  if (loaded === undefined || failure !== undefined) return;
  if (position >= steps()) {
    position = 0;
    shownMilestones = 0;
    banner(undefined);
  }
  playing = true;
  lastTick = performance.now();
  ui.play.textContent = "▮▮ Pause";
  requestAnimationFrame(tick);
  requestAdvance();
}

function stop(): void {
  playing = false;
  ui.play.textContent = "▶ Play";
}

function tick(now: number): void {
  if (!playing) return;
  const rate = Number(ui.speed.value);
  const due = Math.floor(((now - lastTick) * rate) / 1000);
  if (due >= 1 && !busy) {
    lastTick += (due * 1000) / rate;
    position = Math.min(steps(), position + due);
    requestAdvance();
    if (position >= steps()) {
      stop();
      return;
    }
  } else if (due >= 1) {
    lastTick = now; // the page is behind: do not jump ahead to catch up
  }
  requestAnimationFrame(tick);
}

function goTo(step: number): void {
  stop();
  position = Math.max(0, Math.min(steps(), step));
  if (position === 0) {
    shownMilestones = 0;
    banner(undefined);
  }
  requestAdvance();
}

// ---- sharing -------------------------------------------------------------------------------

function pageState(): PageState {
  return {
    ...(loaded?.upload ? { file: { name: loaded.upload.name, data: loaded.upload.packed } } : { scenario: loaded?.entry ?? DEFAULT_SCENARIO }),
    seed,
    levers: { ...moved },
    sets: extraSets,
  };
}

function writeAddress(): void {
  history.replaceState(null, "", `#${formatState(pageState())}`);
}

function showCommand(): void {
  if (loaded === undefined || sets === undefined) return;
  ui.command.textContent = runCommand(loaded.upload ? loaded.upload.name : loaded.entry, seed, sets);
  ui.shareNote.textContent = loaded.upload
    ? `Run it where ${loaded.upload.name} is saved, or save this run's scenario with "Download scenario" and run that file with --seed ${seed}. A link works from any copy of the explorer: only the part after # matters.`
    : `Run it in a clone of airace after npm install (or with npx airace). A link works from any copy of the explorer: only the part after # matters.`;
}

function setShareEnabled(on: boolean): void {
  for (const b of [ui.downloadCsv, ui.downloadYaml, ui.copyCommand]) b.disabled = !on;
  if (!on) ui.command.textContent = "(fix the problems above to see the command)";
}

async function download(which: "timeseries.csv" | "scenario.resolved.yaml"): Promise<void> {
  if (loaded === undefined) return;
  const reply = await ask({ type: "files" });
  if (reply.type !== "files") {
    showErrors(reply.type === "error" ? reply.messages : ["the files could not be made"]);
    return;
  }
  // the worker ran to the end: show it
  position = steps();
  requestAdvance();
  const text = reply.files.find(([name]) => name === which)?.[1] ?? "";
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: which.endsWith(".csv") ? "text/csv" : "application/yaml" }));
  a.download = `${loaded.info.name}-${seed}-${which}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  const label = button.textContent;
  let done: boolean;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    // no clipboard API (a page not served from localhost or https): the older way
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    try {
      done = document.execCommand("copy");
    } catch {
      done = false;
    }
    area.remove();
  }
  if (!done) window.prompt("Copy this (Ctrl+C), then press Enter:", text);
  button.textContent = done ? "Copied" : label;
  setTimeout(() => (button.textContent = label), 1500);
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % 2 ** 31;
}

// ---- wiring --------------------------------------------------------------------------------

function libraryTitle(text: string): string {
  const m = /^title:\s*"?(.*?)"?\s*$/m.exec(text);
  return m?.[1] ?? "";
}

function fillScenarioChoice(selected: string, uploadName?: string): void {
  const options = Object.entries(LIBRARY).map(([file, text]) => {
    const name = file.replace(/\.yaml$/, "");
    const title = libraryTitle(text);
    const o = new Option(`${name}${title ? `: ${title.length > 70 ? `${title.slice(0, 68)}…` : title}` : ""}`, name);
    return o;
  });
  if (uploadName !== undefined) options.unshift(new Option(`file: ${uploadName}`, `file:${uploadName}`));
  ui.scenario.replaceChildren(...options);
  ui.scenario.value = uploadName !== undefined ? `file:${uploadName}` : selected;
}

async function fromAddress(): Promise<void> {
  const { state, problems } = parseState(location.hash);
  if (state.file !== undefined) {
    const unpacked = await unpackFile(state.file.name, state.file.data);
    if ("problem" in unpacked) problems.push(unpacked.problem);
    else {
      fillScenarioChoice(DEFAULT_SCENARIO, state.file.name);
      await openScenario(state.file.name, { name: state.file.name, text: unpacked.text, packed: state.file.data }, state, problems);
      return;
    }
  }
  let entry = state.scenario ?? DEFAULT_SCENARIO;
  if (!Object.prototype.hasOwnProperty.call(LIBRARY, `${entry}.yaml`)) {
    problems.push(`the library has no scenario "${entry}"; showing ${DEFAULT_SCENARIO}`);
    entry = DEFAULT_SCENARIO;
  }
  fillScenarioChoice(entry);
  await openScenario(entry, undefined, state.file === undefined ? state : { ...state, levers: {}, sets: [] }, problems);
}

ui.scenario.addEventListener("change", () => {
  const v = ui.scenario.value;
  if (v.startsWith("file:")) return;
  fillScenarioChoice(v);
  void openScenario(v, undefined, undefined, []);
});

ui.upload.addEventListener("change", async () => {
  const file = ui.upload.files?.[0];
  ui.upload.value = "";
  if (file === undefined) return;
  if (file.size > MAX_FILE_BYTES) {
    showErrors([`${file.name}: ${file.size} bytes; a scenario file may have at most ${MAX_FILE_BYTES} bytes (${formatSize(MAX_FILE_BYTES)})`]);
    return;
  }
  // strictly, as the CLI reads a file: a lenient decoder would turn stray bytes into U+FFFD,
  // which reach the results and make the link's text longer than the file
  const decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
  if ("error" in decoded) {
    showErrors([`${file.name}:${decoded.line}:${decoded.col}: ${decoded.error}`]);
    return;
  }
  const text = decoded.text;
  const packed = await packText(text);
  const tooLong = fileLinkProblem(file.name, packed);
  fillScenarioChoice(DEFAULT_SCENARIO, file.name);
  await openScenario(file.name, { name: file.name, text, packed }, undefined, tooLong === undefined ? [] : [tooLong]);
});

ui.play.addEventListener("click", () => (playing ? stop() : play()));
ui.reset.addEventListener("click", () => goTo(0));
ui.step.addEventListener("click", () => goTo(position + 1));
ui.end.addEventListener("click", () => goTo(steps()));

ui.seed.addEventListener("change", () => {
  const n = seedFromText(ui.seed.value.trim());
  ui.seed.classList.toggle("invalid", n === undefined);
  if (n === undefined) {
    showErrors([`seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${ui.seed.value}"`]);
    return;
  }
  seed = n;
  requestConfigure();
});

ui.reseed.addEventListener("click", () => {
  seed = randomSeed();
  ui.seed.value = String(seed);
  ui.seed.classList.remove("invalid");
  requestConfigure();
});

ui.applySets.addEventListener("click", () => {
  // one override per line; a line pasted from a command (--set 'x=y') is taken as x=y
  extraSets = ui.sets.value
    .split("\n")
    .map((s) => s.trim().replace(/^--set[\s=]+/, ""))
    .map((s) => (/^'.*'$/s.test(s) ? s.slice(1, -1).replace(/'\\''/g, "'") : s))
    .filter((s) => s !== "");
  requestConfigure();
});

ui.copyCommand.addEventListener("click", () => void copy(ui.command.textContent ?? "", ui.copyCommand));
ui.copyLink.addEventListener("click", () => void copy(location.href, ui.copyLink));
ui.downloadCsv.addEventListener("click", () => void download("timeseries.csv"));
ui.downloadYaml.addEventListener("click", () => void download("scenario.resolved.yaml"));

document.addEventListener("keydown", (e) => {
  const target = e.target as HTMLElement;
  if (target !== document.body || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === " ") (playing ? stop : play)();
  else if (e.key === "ArrowRight") goTo(position + 1);
  else if (e.key === "Home") goTo(0);
  else if (e.key === "End") goTo(steps());
  else return;
  e.preventDefault();
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    board.reset();
    void render();
  }, 200);
});

window.addEventListener("hashchange", () => void fromAddress());

void fromAddress();
