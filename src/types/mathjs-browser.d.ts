// The single-file build of mathjs (same package and version as "mathjs"). It loads in about a
// fifth of the time of the many-module ESM entry, which matters for a CLI started per command.
declare module "mathjs/lib/browser/math.js" {
  import type { ConfigOptions, MathJsInstance } from "mathjs";
  // the default instance: its `create` makes another of every function, with this configuration
  const math: MathJsInstance & { create: (config?: ConfigOptions) => MathJsInstance; version: string };
  export default math;
}
