/** A failure inside a run: a non-finite metric, an expression or event that misbehaved. */
export class RunError extends Error {
  constructor(
    message: string,
    readonly step: number,
    readonly date: string,
  ) {
    super(`${date} (step ${step}): ${message}`);
    this.name = "RunError";
  }
}
