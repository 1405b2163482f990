/**
 * The explorer's web worker: loads and runs scenarios off the page's thread, so the page never
 * freezes while a scenario is parsed or run. All the work is ExplorerSession's.
 */
import type { Issue } from "../../scenario/issues.js";
import { formatIssue } from "../../scenario/issues.js";
import type { Reply, Request } from "../protocol.js";
import { ExplorerHost, ExplorerSession } from "../session.js";
import { LIBRARY } from "./library.js";

let session: ExplorerSession | undefined;
/** Steps already sent to the page since the last configure (step 0 is recorded at once). */
let sent = 0;
const scope = self as unknown as { postMessage(message: Reply, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<Request>) => void) | null };

function handle(req: Request): Reply {
  if (req.type === "open") {
    const opened = ExplorerSession.open(new ExplorerHost(LIBRARY, req.upload), req.entry);
    if (!opened.ok) {
      session = undefined;
      return { type: "error", id: req.id, messages: opened.issues.map(formatIssue) };
    }
    session = opened.value;
    return { type: "opened", id: req.id, info: session.info() };
  }
  if (session === undefined) return { type: "error", id: req.id, messages: ["no scenario is loaded"] };
  switch (req.type) {
    case "configure": {
      const sets = session.setsFor(req.levers, req.extra);
      const r = session.configure(sets, req.seed);
      sent = 0;
      if (r.ok) return { type: "configured", id: req.id, layout: r.layout, sets };
      // --set:N counts the sliders' overrides first: name the box and its line instead
      const fromSliders = sets.length - req.extra.length;
      const where = (i: Issue): Issue =>
        i.pos.file !== "--set" ? i : { ...i, pos: i.pos.line > fromSliders ? { file: "More overrides", line: i.pos.line - fromSliders, col: i.pos.col } : { file: "a slider's override", line: i.pos.line, col: i.pos.col } };
      return { type: "error", id: req.id, messages: r.issues.map((i) => formatIssue(where(i))) };
    }
    case "advance": {
      const from = sent;
      const progress = session.advanceTo(req.to);
      sent = progress.recorded;
      const failure = session.failed();
      return { type: "progress", id: req.id, from, frames: session.frames(from, progress.recorded), progress, ...(failure !== undefined ? { failure } : {}) };
    }
    case "files": {
      const files = session.files();
      return files instanceof Map ? { type: "files", id: req.id, files: [...files] } : { type: "error", id: req.id, messages: [files.error] };
    }
  }
}

scope.onmessage = (e) => {
  let reply: Reply;
  try {
    reply = handle(e.data);
  } catch (err) {
    reply = { type: "error", id: e.data.id, messages: [`internal error: ${(err as Error).message}`] };
  }
  scope.postMessage(reply, reply.type === "progress" ? [reply.frames.buffer] : []);
};
