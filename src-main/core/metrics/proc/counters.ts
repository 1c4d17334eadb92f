/**
 * Counter arithmetic for rates. Kernel and MySQL counters only grow, except when they wrap
 * (32-bit `unsigned long` counters on 32-bit kernels, and some drivers' 32-bit counters on
 * 64-bit ones) or reset (a reboot, a device re-attached, a server restart).
 */
const WRAP32 = 2 ** 32;

/**
 * The increase from `prev` to `cur`. A decrease that a 32-bit wrap explains (prev was below
 * 2^32 and the wrapped increase is plausible, under `maxDelta`) counts as a wrap; any other
 * decrease is a reset: null, no rate this time.
 */
export function counterDelta(prev: number, cur: number, maxDelta = WRAP32 / 2): number | null {
  if (cur >= prev) return cur - prev;
  if (prev < WRAP32) {
    const wrapped = WRAP32 - prev + cur;
    if (wrapped <= maxDelta) return wrapped;
  }
  return null;
}

/** Per-second rate of a counter between two reads `seconds` apart (null on reset or no time). */
export function counterRate(
  prev: number | undefined,
  cur: number | undefined,
  seconds: number,
): number | null {
  if (prev === undefined || cur === undefined || !(seconds > 0)) return null;
  const d = counterDelta(prev, cur);
  return d === null ? null : d / seconds;
}
