// The single-file build of mathjs (same package and version as "mathjs"). It loads in about a
// fifth of the time of the many-module ESM entry, which matters for a CLI started per command.
declare module "mathjs/lib/browser/math.js" {
  import type { create, all, MathJsInstance } from "mathjs";
  const math: MathJsInstance & { create: typeof create; all: typeof all; version: string };
  export default math;
}
