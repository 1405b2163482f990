/**
 * Ctrl-C. The handler is installed before anything else loads, so an interrupt at any moment
 * is ours to handle: the first asks the running command to stop at its next turn (a run then
 * exits 130 having written nothing; a sweep records what is done); a second stops at once,
 * removing any results folder still being assembled.
 *
 * A terminal's Ctrl-C reaches every process of the foreground group, and launchers such as
 * npx also forward it to us: one key press can arrive twice within milliseconds. So a second
 * interrupt counts only when it comes at least half a second after the first.
 */
import { removePending } from "../io/files.js";

let count = 0;
let first = 0;
let note = "";

export function interrupted(): boolean {
  return count > 0;
}

/** What to print if the user insists (a second Ctrl-C): how to pick up the work. */
export function setInterruptNote(text: string): void {
  note = text;
}

export function installInterruptHandler(exitCode: number): void {
  process.on("SIGINT", () => {
    const now = performance.now();
    if (count > 0 && now - first < 500) return;
    count++;
    if (count === 1) first = now;
    if (count > 1) {
      removePending();
      process.stderr.write(`interrupted at once; no half-written results folder was left.${note ? `\n${note}` : ""}\n`);
      process.exit(exitCode);
    }
  });
}

/**
 * Lets a Ctrl-C that arrived during synchronous work reach its handler. A signal is handed to
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
