import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings that keep a long `replay` small (issue 13: peak RSS of 100,000 deliveries against a
 * plain undici script). They hold for the whole process, so only the replay command sets them,
 * first thing, before undici compiles its HTTP parser. Node leaves V8's flags writable after
 * start-up, and these three are read when used (each figure below was measured with the flag set
 * here, not on the command line):
 *
 * - `--liftoff-only`: undici parses answers with llhttp compiled to WebAssembly. V8 compiles it
 *   with its baseline compiler (Liftoff), then compiles the hot functions again with TurboFan,
 *   whose compile zones were the ~20 MB spike at the start of sending that set the peak
 *   (173 -> 153 MB on 100,000 files). Answers are a few hundred bytes: baseline code parses them
 *   in microseconds, and the 10,000-file speed row holds.
 * - `--semi-space-growth-factor=1`: the young generation stays at its starting size (1 MB)
 *   instead of doubling up to 2 x 16 MB while the listing and the deliveries allocate; what
 *   survives a delivery is small (its result row), so scavenges of a small space stay cheap,
 *   and the memory the bigger semi-spaces held is not taken (153 -> 133 MB on 100,000 files).
 * - `--heap-growing-percent=20`: with a small young generation, the objects of the 50 requests in
 *   flight outlive a scavenge or two and die in the old generation, which V8 let grow to about
 *   three times what is live (20 -> 57 MB) before a full collection. Collecting once it has grown
 *   by a fifth keeps it near what is live (133 -> ~118 MB); the CPU time of 10,000 deliveries
 *   with all three flags stayed within run-to-run noise of the time without them.
 */
export function useLeanRuntime(): void {
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=20');
}
