/**
 * What the explorer shares: the page's address (scenario, seed, slider positions and other
 * overrides after the `#`), and the `airace run` command that gives the same numbers.
 *
 *   #scenario=baseline&seed=42&ec.threshold=0.1&tw.severity=0.9&set=model.leakRate%3D0.1
 *
 * A scenario loaded from a file travels in the address too (`file=<name>&yaml=<text>`, the
 * text compressed by the page), so a link reproduces it without the file.
 *
 * A link is input from anyone: its length is capped before it is read, and a file in it is
 * unpacked only up to the largest file the page loads, so that a small link cannot make the
 * page unpack (and then check) a hundred megabytes.
 */
import { seedFromText } from "../engine/rng.js";
import { decodeText, MAX_FILE_BYTES } from "../scenario/text.js";

/** The scenario the page shows when the address names none, or one it cannot open. */
export const DEFAULT_SCENARIO = "baseline";

/** The largest scenario file the page loads, in bytes of UTF-8: the CLI's limit. */
export { MAX_FILE_BYTES };

/**
 * The most a scenario file in a link may unpack to, in bytes. What is compressed is the file's
 * text and nothing else (the rest of the state is plain text in the address), and the page and
 * `airace serve` put a file in a link only once they have loaded it, so no link they write
 * unpacks to more than the file limit: anything bigger was not made by them.
 */
export const MAX_UNPACKED_BYTES = MAX_FILE_BYTES;

/**
 * The longest address fragment (after `#`) the page reads, in characters: Chromium's own limit
 * on a whole address (2 MiB; it will not open a longer one), so the cap refuses nothing that
 * the most common classroom browser could open. Measured: the baseline (49 kB) compresses 4.3
 * times and a 2 MiB scenario of generated firms 19 times, so a realistic 2 MiB file makes a
 * link of 150-700 kB; only a file that compresses less than 1.34 times (random bytes, not YAML)
 * makes a longer one, and the page says so when it loads such a file.
 */
export const MAX_LINK_LENGTH = 2 * 1024 * 1024;

/**
 * How much of the compressed data is unpacked at a time: deflate gives at most about 1,032
 * bytes per byte, so at most about 1 MiB is made past the limit. Small slices cost little:
 * a 2 MiB file unpacks in about 20 ms in Chromium, against 8 ms in one piece.
 */
const INFLATE_SLICE = 1024;

/** A size for people: "2 MiB", "131 KiB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  return `${Math.ceil(bytes / 1024).toLocaleString("en")} KiB`;
}

/** A name from an address, quoted in a message: its start when it is long (the link may hold a megabyte of it). */
function shortName(name: string): string {
  return name.length <= 80 ? name : `${name.slice(0, 60)}... (${name.length.toLocaleString("en")} characters)`;
}

export interface PageState {
  /** A library scenario by name. */
  scenario?: string;
  /** A scenario loaded from a file: its name and its text, as the page encoded it. */
  file?: { name: string; data: string };
  seed?: number;
  /** Slider positions that differ from the scenario's (lever id -> value). */
  levers: Record<string, number>;
  /** Further `--set` overrides, applied after the sliders'. */
  sets: string[];
}

const RESERVED = new Set(["scenario", "file", "yaml", "seed", "set"]);

export function formatState(state: PageState): string {
  const q = new URLSearchParams();
  if (state.file !== undefined) {
    q.set("file", state.file.name);
    q.set("yaml", state.file.data);
  } else if (state.scenario !== undefined) q.set("scenario", state.scenario);
  if (state.seed !== undefined) q.set("seed", String(state.seed));
  for (const [id, v] of Object.entries(state.levers)) q.set(id, String(v));
  for (const s of state.sets) q.append("set", s);
  return q.toString();
}

/** Why a fragment is too long to read, or undefined when it is not. */
export function linkLengthProblem(fragment: string): string | undefined {
  if (fragment.length <= MAX_LINK_LENGTH) return undefined;
  return `this link is ${formatSize(fragment.length)} long; links are limited to ${formatSize(MAX_LINK_LENGTH)} (a browser opens no longer address), so it was not read; showing ${DEFAULT_SCENARIO}`;
}

/**
 * Reads an address fragment (with or without its `#`); problems are listed, never thrown. A
 * fragment longer than MAX_LINK_LENGTH is not read at all: the state is empty.
 */
export function parseState(hash: string): { state: PageState; problems: string[] } {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  const tooLong = linkLengthProblem(fragment);
  if (tooLong !== undefined) return { state: { levers: Object.create(null) as Record<string, number>, sets: [] }, problems: [tooLong] };
  const q = new URLSearchParams(fragment);
  const problems: string[] = [];
  const state: PageState = { levers: Object.create(null) as Record<string, number>, sets: q.getAll("set") };
  const scenario = q.get("scenario");
  const file = q.get("file");
  const yaml = q.get("yaml");
  if (file !== null && yaml !== null) state.file = { name: file, data: yaml };
  else if (file !== null || yaml !== null) problems.push(`the address names a scenario file without its text (or the reverse); showing ${DEFAULT_SCENARIO}`);
  else if (scenario !== null) state.scenario = scenario;
  const seed = q.get("seed");
  if (seed !== null) {
    const n = seedFromText(seed);
    if (n === undefined) problems.push(`seed "${seed}" is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}; using the scenario's`);
    else state.seed = n;
  }
  for (const [key, value] of q) {
    if (RESERVED.has(key)) continue;
    const v = value.trim() === "" ? NaN : Number(value);
    if (!Number.isFinite(v)) problems.push(`${key}=${value}: not a number; the slider keeps the scenario's value`);
    else state.levers[key] = v;
  }
  return { state, problems };
}

/** One shell word: left as it is when it is safe, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9._/:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs what the page runs: `airace run <scenario> --seed N --set ...`. */
export function runCommand(scenario: string, seed: number, sets: readonly string[]): string {
  return ["airace", "run", shellQuote(scenario), "--seed", String(seed), ...sets.flatMap((s) => ["--set", shellQuote(s)])].join(" ");
}

// ---- files in the address --------------------------------------------------------------------

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of base64url text; throws when it is not base64url. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A file's text as it travels in a link: UTF-8, raw deflate, base64url (as `airace serve` writes it too). */
export async function packText(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/**
 * Inflates raw deflate data, but no further than `limit` bytes: undefined as soon as the output
 * passes it. The input goes in by slices so that one slice's output is all that is made past
 * the limit (a decompression stream inflates a whole chunk at once, and 130 kB of compressed
 * data can hold 130 MB). Throws when the data is not raw deflate, or is cut short.
 */
export async function inflateLimited(data: Uint8Array<ArrayBuffer>, limit: number): Promise<Uint8Array | undefined> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // waits for each slice to be taken, which happens only as the output is read below
  const feeding = (async () => {
    for (let i = 0; i < data.length; i += INFLATE_SLICE) await writer.write(data.subarray(i, i + INFLATE_SLICE));
    await writer.close();
  })();
  // a failure of the data shows in the reading too; stopping early makes the writes fail
  feeding.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  await feeding;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The text of a scenario file from a link (`name` and its packed `data`), or why it cannot be
 * had: damaged, or bigger once unpacked than any file the page loads.
 */
export async function unpackFile(name: string, data: string): Promise<{ text: string } | { problem: string }> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await inflateLimited(fromBase64Url(data), MAX_UNPACKED_BYTES);
  } catch {
    return { problem: `the scenario file ${shortName(name)} in this link is damaged (cut short when copied?); showing ${DEFAULT_SCENARIO}` };
  }
  if (bytes === undefined) {
    return { problem: `the scenario file ${shortName(name)} in this link unpacks to more than ${formatSize(MAX_UNPACKED_BYTES)}, the most a scenario file may have, so it was not read; showing ${DEFAULT_SCENARIO}` };
  }
  // strictly, as the page and the CLI read a file: a link made by hand may hold any bytes
  const decoded = decodeText(bytes);
  if ("error" in decoded) return { problem: `the scenario file ${shortName(name)} in this link is not acceptable text (${decoded.line}:${decoded.col}: ${decoded.error}); showing ${DEFAULT_SCENARIO}` };
  return decoded;
}

/** Why the link to a loaded file would be too long to open, or undefined when it is not. */
export function fileLinkProblem(name: string, packed: string): string | undefined {
  const length = formatState({ file: { name, data: packed }, levers: {}, sets: [] }).length;
  if (length <= MAX_LINK_LENGTH) return undefined;
  return `${shortName(name)} makes a link of ${formatSize(length)}, longer than links may be (${formatSize(MAX_LINK_LENGTH)}): the page's address cannot reopen it; share the file itself`;
}
