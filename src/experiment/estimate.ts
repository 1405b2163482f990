/**
 * How long the rest of a sweep will take, from costs measured on this machine (src/cli/estimate.ts
 * measures them on the sweep's first runs). Pure arithmetic, so that it is tested with made-up
 * timings; the clock is read only by the probe.
 *
 * The time is the sum of three phases:
 *
 *   runs      work = R c + B g + W_b b      (R runs left, B scenarios to build, W_b bytes to write)
 *             on one thread:                 T = work
 *             on N threads (N - 1 workers):  T = max(S, a + 3 n c')
 *                                            S = work'                    if work' <= a
 *                                            S = a + (work' - a) / s      otherwise
 *   analysis  r_b x + E c1                  (r_b bytes read back, E runs of the analysis)
 *   publish   D_b b + f                     (D_b bytes of data files hashed, f fixed)
 *
 * with c the seconds a warm run takes (its rows included), g the seconds to build one point's
 * scenario under one policy, b the seconds to copy and hash a byte, x to read one back, c1 the
 * first scenario's warm run, and f the rest of publishing. Until a = t0 k' + u the main thread
 * runs alone: t0 is the seconds this process took to start and plan (what a worker thread does
 * again before its first run), k' = ceil((N - 1) / (P - 1)) the rounds in which the workers
 * start on the P - 1 cores the main thread leaves, u the extra seconds the first runs of a
 * fresh thread take while the JIT warms up; then the threads give s = 0.9 min(N, P) threads'
 * worth. work' adds a scenario build per batch (a thread builds the scenario again when a
 * batch starts at another point), n is the runs of a batch and c' = c + B g / R. The main
 * thread computes batches too, but each worker is handed its first 3 batches at once: the
 * sweep ends no sooner than a worker has started and computed them. With the number of
 * workers left to the default, worker threads are used only where they shorten the sweep.
 */

/** What the probe measured, in seconds. */
export interface Timings {
  /** This process's time to start, load its code and plan the sweep: what a worker thread repeats. */
  startup: number;
  /** A warm run (simulation, outcome values, rows), on average over the runs left. */
  run: number;
  /** A warm run of the sweep's first scenario (its first point under its first policy). */
  firstRun: number;
  /** Building the scenario of one point under one policy (substitution and validation). */
  prepare: number;
  /** The extra time of a fresh thread's first runs, while the JIT compiles the model. */
  warmup: number;
  /** Copying a byte of output and hashing it (while writing, and again when publishing). */
  byte: number;
  /** Reading a byte of a data file back and splitting it into cells. */
  readByte: number;
}

/** What is left to do. */
export interface Work {
  runs: number;
  /** Scenarios the runs left need built (a new point or policy), in run order. */
  prepares: number;
  /** Bytes the runs left append to the data files. */
  writeBytes: number;
  /** Bytes of the data files at the end: all are hashed when the folder is published. */
  dataBytes: number;
  /** Bytes the analysis reads back. */
  readBytes: number;
  /** Runs the analysis computes in the main thread (of the first scenario). */
  extraRuns: number;
}

export interface Threads {
  /** Threads asked for (the main thread and workers - 1 worker threads). */
  workers: number;
  /** Cores of the machine. */
  cores: number;
  /** Whether the number was left to the default: then fewer may be used, where workers cannot pay for their start. */
  auto: boolean;
}

export interface Projection {
  /** Threads to use. */
  workers: number;
  /** Runs per batch. */
  batch: number;
  runs: number;
  analysis: number;
  publish: number;
  /** The three together. */
  seconds: number;
}

/** Seconds of a publication beyond hashing: flushing the files, writing the last ones, renaming. */
export const PUBLISH_SECONDS = 0.05;
/** What a thread beside the others adds, on free cores (the main thread also writes the rows). */
const PARALLEL_EFFICIENCY = 0.9;
/** Batches handed to each worker thread at once (runBatches). */
export const QUEUED_BATCHES = 3;

/**
 * Runs per batch: about 0.2 s of work, so that a stop is quick and a batch costs little, and
 * at least 4 batches per thread, so that a short sweep is shared out.
 */
export function batchSize(secondsPerRun: number, runs = Infinity, workers = 1): number {
  const byTime = Math.round(0.2 / Math.max(1e-5, secondsPerRun));
  const byShare = Math.ceil(runs / (4 * workers));
  return Math.max(1, Math.min(1000, byTime, byShare));
}

/** The seconds of the runs left on `workers` threads, and the batch size they would use. */
function runSeconds(t: Timings, w: Work, workers: number, cores: number): { seconds: number; batch: number } {
  const perRun = t.run + (w.runs > 0 ? (w.prepares * t.prepare) / w.runs : 0);
  const batch = batchSize(perRun, w.runs, workers);
  const work = w.runs * t.run + w.prepares * t.prepare + w.writeBytes * t.byte;
  if (workers <= 1 || w.runs === 0) return { seconds: work, batch };
  const threads = workers - 1;
  const rounds = Math.ceil(threads / Math.max(1, cores - 1));
  const head = t.startup * rounds + t.warmup;
  const rebuilt = work + Math.ceil(w.runs / batch) * t.prepare;
  const speed = PARALLEL_EFFICIENCY * Math.min(workers, cores);
  const shared = rebuilt <= head ? rebuilt : head + (rebuilt - head) / speed;
  const queued = head + Math.min(w.runs, QUEUED_BATCHES * batch) * perRun;
  return { seconds: Math.max(shared, queued), batch };
}

/** The seconds of the rest of a sweep, and how many threads to run it on. */
export function project(t: Timings, w: Work, threads: Threads): Projection {
  const one = runSeconds(t, w, 1, threads.cores);
  const many = threads.workers > 1 ? runSeconds(t, w, threads.workers, threads.cores) : one;
  const useMany = threads.workers > 1 && w.runs > 0 && (!threads.auto || many.seconds < one.seconds);
  const chosen = useMany ? many : one;
  const analysis = w.readBytes * t.readByte + w.extraRuns * t.firstRun;
  const publish = w.dataBytes * t.byte + PUBLISH_SECONDS;
  return {
    workers: useMany ? threads.workers : 1,
    batch: chosen.batch,
    runs: chosen.seconds,
    analysis,
    publish,
    seconds: chosen.seconds + analysis + publish,
  };
}
