/**
 * Shards: how the runs of a sweep are divided among K machines (or array tasks), and put back
 * in order. The rule depends on the run index and K alone, never on the scheduler, so a shard
 * rerun anywhere computes the same runs.
 *
 *   run i belongs to shard (i + floor(i / K)) mod K
 *
 * Runs are dealt round-robin, the deal rotating by one every K runs. Each block of K
 * consecutive runs gives one run to every shard, so shards differ by at most one run; and
 * every shard draws from the whole design (every point, policy and replication), even where
 * the design repeats with period K (K policies, say), so shards cost about the same. Within a
 * shard, runs are in increasing order; the shards' rows interleave back into run order by the
 * same rule.
 */

/** The rule, as plan.json records it. */
export const SHARD_RULE = "run i belongs to shard (i + floor(i / K)) mod K";

export function shardOf(run: number, shards: number): number {
  return (run + Math.floor(run / shards)) % shards;
}

/** The runs of shard k, in increasing order. */
export function shardRuns(runs: number, shards: number, k: number): number[] {
  const out: number[] = [];
  for (let block = 0; block * shards < runs; block++) {
    // within block b, shard k has offset (k - b) mod K
    const run = block * shards + ((((k - block) % shards) + shards) % shards);
    if (run < runs) out.push(run);
  }
  return out;
}

/** How many runs shard k has. */
export function shardSize(runs: number, shards: number, k: number): number {
  const full = Math.floor(runs / shards);
  const rest = runs - full * shards;
  // the last, partial block covers offsets 0..rest-1, owned by shards (offset + full) mod K
  const offset = (((k - full) % shards) + shards) % shards;
  return full + (offset < rest ? 1 : 0);
}
