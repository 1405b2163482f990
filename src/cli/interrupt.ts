/**
 * Ctrl-C, and the other requests to stop: SIGTERM (kill, a service manager, a batch system at
 * its time limit) and SIGHUP (the terminal closed). The handler is installed before anything
 * else loads, so a signal at any moment is ours to handle, and all three are handled alike: the
 * first asks the running command to stop at its next turn (a run then exits having written
 * nothing; a sweep records what is done; serve closes its port); a second stops at once,
 * removing any results folder still being assembled. A command that writes nothing, or only in
 * one synchronous step, has no turn to wait for: the first signal stops it at once. The exit
 * code is 128 + the signal's number, as a shell reports a process the signal ended: 130 for
 * Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
 *
 * A terminal's Ctrl-C reaches every process of the foreground group, and launchers such as
 * npx also forward it to us: one key press can arrive twice within milliseconds. So a second
 * signal counts only when it comes at least half a second after the first.
 */
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { removePending } from "../io/files.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type StopSignal = (typeof SIGNALS)[number];

let count = 0;
let first = 0;
let atNextTurn = true;
let received: StopSignal | undefined;
let note = "";

export function interrupted(): boolean {
  return count > 0;
}

/** The exit code of a command stopped by a signal: 128 + the first signal's number (130 if none came). */
export function interruptedStatus(): number {
  return 128 + constants.signals[received ?? "SIGINT"];
}

/** What to print if the user insists (a second signal): how to pick up the work. */
export function setInterruptNote(text: string): void {
  note = text;
}

function stopRequested(signal: StopSignal): void {
  const now = performance.now();
  if (count > 0 && now - first < 500) return;
  count++;
  if (count === 1) {
    first = now;
    received = signal;
    if (atNextTurn) return;
    process.stderr.write("interrupted.\n");
    process.exit(interruptedStatus());
  }
  removePending();
  process.stderr.write(`interrupted at once; no half-written results folder was left.${note ? `\n${note}` : ""}\n`);
  process.exit(128 + constants.signals[signal]);
}

/**
 * The commands that look for a stop request (interrupted()) and stop there, to leave whole
 * files or none. The others write nothing, or write in one synchronous step: the first signal
 * stops them at once.
 */
const STOPS_AT_NEXT_TURN = new Set(["run", "serve", "sweep", "compare", "evaluate", "plan", "merge", "report", "slurm"]);

/** `command`: the command about to run (the first argument). */
export function installInterruptHandler(command: string | undefined): void {
  atNextTurn = command !== undefined && STOPS_AT_NEXT_TURN.has(command);
  for (const signal of SIGNALS) process.on(signal, () => stopRequested(signal));
  watchLauncher();
}

/**
 * npx, npm exec and npm run start a command through `sh -c`, and pass a SIGTERM sent to npm
 * alone on to that shell, not to us (and a SIGHUP to no one). Where sh is dash (Debian, Ubuntu)
 * the shell dies (or, on SIGHUP, waits on without npm) and airace would run on: `npx airace
 * serve` stopped with kill kept its port. So when npm started airace, the end of npm is a
 * request to stop too, taken as a hangup: our parent changes when the shell dies, and the
 * shell's parent when npm does (read in /proc, where there is one; elsewhere sh is usually
 * bash, which hands its process over to the command, so npm is our parent). Never when npm is
 * not the launcher: `airace sweep ... &` in a script that ends must go on.
 */
function watchLauncher(): void {
  if (process.env["npm_lifecycle_event"] === undefined) return;
  const parent = process.ppid;
  const npm = isShell(parent) ? parentOf(parent) : undefined;
  const timer = setInterval(() => {
    if (process.ppid === parent && (npm === undefined || parentOf(parent) === npm)) return;
    clearInterval(timer);
    process.stderr.write("the npm command that started airace has ended: stopping.\n");
    stopRequested("SIGHUP");
  }, 250);
  timer.unref();
}

/** Whether a process is a shell running one command line (`sh -c ...`), where /proc tells. */
function isShell(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] === "-c";
  } catch {
    return false;
  }
}

/** A process's parent, where /proc tells (undefined once the process is gone). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (name) state ppid ...": the name may hold spaces and parentheses
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/**
 * Lets a signal that arrived during synchronous work reach its handler. A signal is handed to
 * the handler only when the event loop turns: one that came during a run's last steps or while
 * its files were rendered would otherwise be seen only after the results were published, and
 * the command would exit 0 having written them. Awaited before publishing, then checked.
 */
export async function signalsDelivered(): Promise<void> {
  // libuv reads pending signals in the loop's poll phase, and an immediate runs in the check
  // phase after it; but one set during a poll phase (code resumed by a file read) runs in that
  // same iteration, before any further poll: the second immediate comes after a poll for sure
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}
