/** Exit codes (docs/cli.md): the CLI alone chooses them. */
export const EXIT = {
  ok: 0,
  /** An internal bug: reported with a hint to file an issue. */
  bug: 1,
  /** Bad input: scenario, flags, an existing results folder without --force. */
  input: 2,
  /** A run failed, or `verify` found differences. */
  failed: 3,
  /** Stopped by Ctrl-C; the CLI exits with 128 + the signal's number (143 for SIGTERM, 129 for SIGHUP). */
  interrupted: 130,
} as const;

/** An error the CLI reports in plain words with its exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    readonly code: number,
    readonly lines: readonly string[],
  ) {
    super(lines.join("\n"));
  }
}
