/**
 * `airace serve [scenario]`: serves the classroom explorer (the page built into dist/web) on
 * localhost until Ctrl-C. With a scenario, --seed or --set, the address it prints opens the
 * page in that state; a scenario file travels inside the address, as the page's links do.
 */
import { existsSync, readdirSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { FileHost } from "../io/host.js";
import { LIBRARY_DIR } from "../io/package-info.js";
import { DEFAULT_PORT, startStaticServer } from "../io/static-server.js";
import { ExplorerHost } from "../explorer/session.js";
import type { PageState } from "../explorer/share.js";
import { formatState } from "../explorer/share.js";
import { formatIssue } from "../scenario/issues.js";
import { loadScenario } from "../scenario/load.js";
import { CliError, EXIT } from "./exit.js";
import { experimentGiven, parseSeed } from "./load.js";

const WEB_DIR = fileURLToPath(new URL("../web/", import.meta.url));

export interface ServeOptions {
  port?: string;
  host?: string;
  seed?: string;
  set: string[];
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new CliError(EXIT.input, [`--port: expected a whole number from 0 to 65535 (0: any free port), got "${text}"`]);
  return Number(text);
}

/** The scenario as the page will load it: a library name, or a file's text (checked here). */
function pageScenario(ref: string, sets: readonly string[]): Pick<PageState, "scenario" | "file"> {
  const files = new FileHost();
  const library: Record<string, string> = {};
  for (const f of readdirSync(LIBRARY_DIR).filter((n) => n.endsWith(".yaml"))) {
    const read = files.read(join(LIBRARY_DIR, f));
    if ("text" in read) library[f] = read.text;
  }
  const isName = Object.prototype.hasOwnProperty.call(library, `${ref}.yaml`);
  let upload: { name: string; text: string } | undefined;
  if (!isName) {
    const found = files.resolve(ref, null);
    if ("error" in found) {
      experimentGiven(ref, "the explorer was not started");
      throw new CliError(EXIT.input, [found.error]);
    }
    const read = files.read(found.id);
    if ("error" in read) throw new CliError(EXIT.input, [`${found.display}:1:1: ${read.error}`]);
    upload = { name: basename(found.id), text: read.text };
  }
  // checked exactly as the page will load it: a file may extend library scenarios only
  const loaded = loadScenario(new ExplorerHost(library, upload), upload?.name ?? ref, sets);
  if (!loaded.ok) {
    experimentGiven(ref, "the explorer was not started");
    const n = loaded.issues.length;
    throw new CliError(EXIT.input, [...loaded.issues.map(formatIssue), `${n} problem${n === 1 ? "" : "s"} found in ${ref}; the explorer was not started.`]);
  }
  return upload === undefined ? { scenario: ref } : { file: { name: upload.name, data: deflateRawSync(Buffer.from(upload.text, "utf8")).toString("base64url") } };
}

export async function serveCommand(scenario: string | undefined, opts: ServeOptions, print: (text: string) => void, stopRequested: () => boolean): Promise<void> {
  const port = opts.port === undefined ? DEFAULT_PORT : parsePort(opts.port);
  const host = opts.host ?? "127.0.0.1";
  const seed = opts.seed === undefined ? undefined : parseSeed(opts.seed);
  const state: PageState = { ...(scenario !== undefined ? pageScenario(scenario, opts.set) : opts.set.length > 0 ? pageScenario("baseline", opts.set) : {}), levers: {}, sets: opts.set, ...(seed !== undefined ? { seed } : {}) };
  if (!existsSync(join(WEB_DIR, "index.html"))) {
    throw new CliError(EXIT.input, [`the explorer page is not built (${WEB_DIR} has no index.html): run npm run build in the airace folder`]);
  }
  let server;
  try {
    server = await startStaticServer(WEB_DIR, host, port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new CliError(EXIT.input, [`port ${port} on ${host} is in use: choose another with --port (0 picks a free one)`]);
    if (code === "EACCES") throw new CliError(EXIT.input, [`port ${port} on ${host} needs more privileges: choose a port above 1023 with --port`]);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new CliError(EXIT.input, [`--host: ${host} is not an address of this machine`]);
    throw e;
  }
  const hash = formatState(state);
  print(`The airace explorer is at ${server.url}${hash ? `#${hash}` : ""}`);
  if (host === "127.0.0.1" || host === "localhost") {
    print("Only this computer can open it (--host 0.0.0.0 lets others on your network in). Press Ctrl-C to stop.");
  } else {
    const port = new URL(server.url).port;
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal && (host === "0.0.0.0" || a.address === host))
      .map((a) => `http://${a!.address}:${port}/${hash ? `#${hash}` : ""}`);
    print(addresses.length > 0 ? `Others on your network can open: ${addresses.join("  ")}` : "Others on your network can open it at this computer's address.");
    print("Press Ctrl-C to stop.");
  }
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (!stopRequested()) return;
      clearInterval(timer);
      resolve();
    }, 100);
  });
  await server.close();
  print("Stopped.");
}
